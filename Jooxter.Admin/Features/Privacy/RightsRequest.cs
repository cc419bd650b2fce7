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
    Open,
    InProgress,
    Completed,
    Rejected,
}

/// <summary>A data subject's request under the GDPR, to be answered within 30 days.</summary>
public sealed class RightsRequest : TenantEntity
{
    public const int ResponseDays = 30;

    public RightsRequestKind Kind { get; set; }

    public RightsRequestStatus Status { get; set; } = RightsRequestStatus.Open;

    public Guid? SubjectEmployeeId { get; set; }

    [PersonalData(PersonalDataCategory.Contact)]
    public string? RequesterEmail { get; set; }

    public DateTime ReceivedAtUtc { get; set; }

    public DateTime DueAtUtc { get; set; }

    public bool IsOpen => Status is RightsRequestStatus.Open or RightsRequestStatus.InProgress;

    public static RightsRequest Receive(RightsRequestKind kind, DateTime receivedAtUtc, Guid? subject) => new()
    {
        Kind = kind,
        SubjectEmployeeId = subject,
        ReceivedAtUtc = receivedAtUtc,
        DueAtUtc = receivedAtUtc.AddDays(ResponseDays),
    };
}
