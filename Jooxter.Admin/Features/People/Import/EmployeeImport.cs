using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>The record of one committed employee import: who, when, which file, what it did.</summary>
public sealed class EmployeeImport : TenantEntity
{
    public required string FileName { get; set; }

    public DateTime ImportedAtUtc { get; set; }

    /// <summary>The employee who ran it, or null from the command line.</summary>
    public Guid? ImportedById { get; set; }

    public required string Channel { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Deactivated { get; set; }

    public int SkippedRows { get; set; }
}

public enum NotificationStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>A welcome message owed to a new account; the notifications capability sends them.</summary>
/// <remarks>Delivery bookkeeping: the import's own audit entry covers these rows.</remarks>
[NotAudited]
public sealed class WelcomeNotification : TenantEntity, Shared.IOutboxMessage
{
    public Guid EmployeeId { get; set; }

    public Guid? ImportId { get; set; }

    public DateTime QueuedAtUtc { get; set; }

    public NotificationStatus Status { get; set; } = NotificationStatus.Pending;

    public int Attempts { get; set; }

    public DateTime? SentAtUtc { get; set; }

    public DateTime? NextAttemptAtUtc { get; set; }

    public DateTime? ClaimedUntilUtc { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public string? LastError { get; set; }
}
