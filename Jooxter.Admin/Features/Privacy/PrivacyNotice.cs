using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;

namespace Jooxter.Admin.Features.Privacy;

public enum PrivacyNoticeKind
{
    /// <summary>The requester is told the deadline moved, and why.</summary>
    Extended,

    /// <summary>The subject is told their record was corrected.</summary>
    Rectified,

    /// <summary>The DPOs' daily list of requests due this week and overdue.</summary>
    DeadlineDigest,
}

/// <summary>
/// A privacy e-mail owed (to a requester, a subject or the DPOs), written in the same transaction as the step it
/// reports and delivered by the same sender as every other notice.
/// </summary>
[NotAudited]
public sealed class PrivacyNotice : TenantEntity, Shared.IOutboxMessage
{
    public PrivacyNoticeKind Kind { get; set; }

    public Guid? RequestId { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public required string RecipientEmail { get; set; }

    [PersonalData(PersonalDataCategory.Identity)]
    public string RecipientName { get; set; } = "";

    public string Language { get; set; } = "fr";

    /// <summary>The day a digest covers (one per DPO per day, whichever instance writes it first).</summary>
    public DateOnly? DigestDay { get; set; }

    public DateTime QueuedAtUtc { get; set; }

    public NotificationStatus Status { get; set; } = NotificationStatus.Pending;

    public int Attempts { get; set; }

    public DateTime? NextAttemptAtUtc { get; set; }

    public DateTime? ClaimedUntilUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public string? LastError { get; set; }
}
