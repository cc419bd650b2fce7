using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Occupancy.Colleagues;

public enum WorkplaceStatus
{
    OnSite,
    Remote,
    Absent,
}

/// <summary>Where a person says they work on a day (on site, remote, absent), set by their manager in the console for now.</summary>
public sealed class DeclaredStatus : TenantEntity
{
    public Guid EmployeeId { get; set; }

    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public DateOnly Day { get; set; }

    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public WorkplaceStatus Status { get; set; }
}
