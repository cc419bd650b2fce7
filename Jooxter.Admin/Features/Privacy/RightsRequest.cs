using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Privacy;

public enum RightsRequestKind
{
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Objection,
}

public enum RightsRequestStatus
{
    Received,
    IdentityVerified,
    InProgress,
    Answered,
    Refused,
    Withdrawn,
}

/// <summary>Who the request is about: an employee, an external guest found by e-mail, or an address that matches nobody yet.</summary>
public enum RightsSubjectKind
{
    Employee,
    ExternalGuest,
    Unmatched,
}

/// <summary>How the request reached the customer.</summary>
public enum RequestChannel
{
    Email,
    WebForm,
    Letter,
    InPerson,
    Phone,
}

/// <summary>
/// A data subject's request under the GDPR. It is answered within 30 days of receipt; the DPO may extend that by up to
/// two further months with a reason (Art. 12(3)), and a pause for clarification or identity checks stops the clock.
/// </summary>
public sealed class RightsRequest : TenantEntity
{
    public const int ResponseDays = 30;

    public const int MaxExtensionMonths = 2;

    public RightsRequestKind Kind { get; set; }

    public RightsRequestStatus Status { get; set; } = RightsRequestStatus.Received;

    public RightsSubjectKind SubjectKind { get; set; } = RightsSubjectKind.Employee;

    public Guid? SubjectEmployeeId { get; set; }

    /// <summary>The address answers and notices go to; for an external guest or an unmatched subject, also how they are found.</summary>
    [PersonalData(PersonalDataCategory.Contact)]
    public string? RequesterEmail { get; set; }

    /// <summary>The subject's name as the request gives it (for guests and unmatched subjects; employees are named by their record).</summary>
    [PersonalData(PersonalDataCategory.Identity)]
    public string? SubjectName { get; set; }

    public RequestChannel Channel { get; set; } = RequestChannel.Email;

    public DateTime ReceivedAtUtc { get; set; }

    /// <summary>Received + 30 days + extension + time paused; kept current by the rules below so that lists sort and filter on it.</summary>
    public DateTime DueAtUtc { get; set; }

    public int ExtensionMonths { get; set; }

    [PersonalData(PersonalDataCategory.Usage)]
    public string? ExtensionReason { get; set; }

    /// <summary>Set while the clock is stopped (clarification, identity verification).</summary>
    public DateTime? PausedSinceUtc { get; set; }

    [PersonalData(PersonalDataCategory.Usage)]
    public string? PauseReason { get; set; }

    /// <summary>Total time the clock was stopped, in whole seconds, pauses already ended.</summary>
    public long PausedSeconds { get; set; }

    public Guid? AssigneeId { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    /// <summary>Why it was refused or withdrawn.</summary>
    [PersonalData(PersonalDataCategory.Usage)]
    public string? ClosingReason { get; set; }

    /// <summary>Before/after values of a rectification (JSON), shown to DPOs only.</summary>
    [PersonalData(PersonalDataCategory.Identity)]
    public string? Rectification { get; set; }

    /// <summary>The last residual scan after an erasure (JSON: hits per table and column, never the values), kept as evidence.</summary>
    public string? ScanEvidence { get; set; }

    /// <summary>The statuses of a request still to be answered; queries filter on it as it stands.</summary>
    public static readonly RightsRequestStatus[] OpenStatuses = [RightsRequestStatus.Received, RightsRequestStatus.IdentityVerified, RightsRequestStatus.InProgress];

    public static bool IsOpenStatus(RightsRequestStatus status) => OpenStatuses.Contains(status);

    public bool IsOpen => IsOpenStatus(Status);

    public bool IsPaused => PausedSinceUtc is not null;

    public static RightsRequest Receive(RightsRequestKind kind, DateTime receivedAtUtc, Guid? subject) => new()
    {
        Kind = kind,
        SubjectEmployeeId = subject,
        SubjectKind = subject is null ? RightsSubjectKind.Unmatched : RightsSubjectKind.Employee,
        ReceivedAtUtc = receivedAtUtc,
        DueAtUtc = receivedAtUtc.AddDays(ResponseDays),
    };

    /// <summary>The deadline as of now: while paused, the time since the pause does not count either.</summary>
    public DateTime DueAt(DateTime nowUtc) => PausedSinceUtc is { } since && nowUtc > since ? DueAtUtc + (nowUtc - since) : DueAtUtc;

    public bool IsOverdue(DateTime nowUtc) => IsOpen && !IsPaused && nowUtc > DueAtUtc;

    private void Recompute() =>
        DueAtUtc = ReceivedAtUtc.AddDays(ResponseDays).AddMonths(ExtensionMonths).AddSeconds(PausedSeconds);

    /// <summary>The next statuses a DPO may move an open request to (refusal and withdrawal take a reason, through <see cref="Close"/>).</summary>
    public static bool MayMove(RightsRequestStatus from, RightsRequestStatus to) => (from, to) switch
    {
        (RightsRequestStatus.Received, RightsRequestStatus.IdentityVerified) => true,
        (RightsRequestStatus.Received or RightsRequestStatus.IdentityVerified, RightsRequestStatus.InProgress) => true,
        (_, RightsRequestStatus.Answered) when IsOpenStatus(from) => true,
        _ => false,
    };

    /// <summary>Moves the request on; the error key, or null when done.</summary>
    public string? MoveTo(RightsRequestStatus to, DateTime nowUtc)
    {
        if (!IsOpen)
        {
            return "Privacy.Request.Closed";
        }

        if (!MayMove(Status, to))
        {
            return "Privacy.Request.BadStep";
        }

        if (IsPaused)
        {
            Resume(nowUtc);
        }

        Status = to;
        if (to == RightsRequestStatus.Answered)
        {
            ClosedAtUtc = nowUtc;
        }

        return null;
    }

    /// <summary>Refuses or records the withdrawal of an open request, with its reason.</summary>
    public string? Close(RightsRequestStatus to, string reason, DateTime nowUtc)
    {
        if (!IsOpen)
        {
            return "Privacy.Request.Closed";
        }

        if (to is not (RightsRequestStatus.Refused or RightsRequestStatus.Withdrawn))
        {
            return "Privacy.Request.BadStep";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Privacy.Request.ReasonRequired";
        }

        if (IsPaused)
        {
            Resume(nowUtc);
        }

        Status = to;
        ClosingReason = reason.Trim();
        ClosedAtUtc = nowUtc;
        return null;
    }

    /// <summary>Extends the deadline by whole months, at most two in all, with a reason the requester is told.</summary>
    public string? Extend(int months, string reason)
    {
        if (!IsOpen)
        {
            return "Privacy.Request.Closed";
        }

        if (months < 1 || ExtensionMonths + months > MaxExtensionMonths)
        {
            return "Privacy.Request.ExtensionTooLong";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Privacy.Request.ReasonRequired";
        }

        ExtensionMonths += months;
        ExtensionReason = string.IsNullOrEmpty(ExtensionReason) ? reason.Trim() : $"{ExtensionReason}\n{reason.Trim()}";
        Recompute();
        return null;
    }

    /// <summary>Stops the clock (waiting for clarification or proof of identity).</summary>
    public string? Pause(string reason, DateTime nowUtc)
    {
        if (!IsOpen)
        {
            return "Privacy.Request.Closed";
        }

        if (IsPaused)
        {
            return "Privacy.Request.AlreadyPaused";
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "Privacy.Request.ReasonRequired";
        }

        PausedSinceUtc = nowUtc;
        PauseReason = reason.Trim();
        return null;
    }

    /// <summary>Restarts the clock; the time paused moves the deadline.</summary>
    public string? Resume(DateTime nowUtc)
    {
        if (PausedSinceUtc is not { } since)
        {
            return "Privacy.Request.NotPaused";
        }

        PausedSeconds += (long)Math.Max(0, (nowUtc - since).TotalSeconds);
        PausedSinceUtc = null;
        Recompute();
        return null;
    }
}

public enum RequestStepKind
{
    Recorded,
    StatusChanged,
    Assigned,
    Extended,
    Paused,
    Resumed,
    Note,
    Exported,
    Rectified,
    Erased,
    Scanned,
    Restricted,
    RestrictionLifted,
    Closed,
}

/// <summary>
/// One step of a request's history, with what was sent as evidence (a content hash and size, never the content):
/// the DPO's file of how the request was handled.
/// </summary>
public sealed class RightsRequestStep : TenantEntity
{
    public Guid RequestId { get; set; }

    public DateTime AtUtc { get; set; }

    public Guid? ActorId { get; set; }

    public RequestStepKind Kind { get; set; }

    /// <summary>The DPO's note or the reason given; internal.</summary>
    [PersonalData(PersonalDataCategory.Usage)]
    public string? Text { get; set; }

    /// <summary>What was produced or sent, e.g. <c>sha256:… (12345 bytes)</c>, or the scan's totals.</summary>
    public string? Evidence { get; set; }
}

/// <summary>
/// Data the DPO keeps despite an erasure (a legal hold, an open dispute): the rows of one table about the subject,
/// with the reason and the date the hold is to be reviewed. The residual scan does not count what an exception keeps.
/// </summary>
public sealed class ErasureException : TenantEntity
{
    public Guid RequestId { get; set; }

    /// <summary>The entity (table) whose rows are kept, as the model names it, e.g. <c>Reservation</c>.</summary>
    public required string Entity { get; set; }

    [PersonalData(PersonalDataCategory.Usage)]
    public required string Reason { get; set; }

    public DateOnly ReviewOn { get; set; }
}
