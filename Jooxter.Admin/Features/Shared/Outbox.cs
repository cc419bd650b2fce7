using Jooxter.Admin.Features.People.Import;

namespace Jooxter.Admin.Features.Shared;

/// <summary>
/// A message written in the same transaction as the change it reports, and delivered later by a sender: the one shape
/// of every outbox row (reservation notices, welcome messages), so that one sender claims, retries and fails them alike.
/// </summary>
public interface IOutboxMessage
{
    Guid Id { get; }

    Guid TenantId { get; }

    DateTime QueuedAtUtc { get; }

    NotificationStatus Status { get; set; }

    int Attempts { get; set; }

    DateTime? NextAttemptAtUtc { get; set; }

    DateTime? ClaimedUntilUtc { get; set; }

    DateTime? SentAtUtc { get; set; }

    string? LastError { get; set; }
}
