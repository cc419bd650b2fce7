using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy;

/// <summary>
/// One decision of an employee about indoor location: granted or withdrawn, when, under which version of the
/// privacy policy. The newest decision is the one in force; earlier ones are kept as evidence until retention or erasure.
/// </summary>
public sealed class LocationConsent : TenantEntity
{
    public Guid EmployeeId { get; set; }

    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public bool Granted { get; set; }

    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public DateTime DecidedAtUtc { get; set; }

    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public required string PolicyVersion { get; set; }

    /// <summary>How the decision reached us: the mobile app, or recorded in the console from a signed form.</summary>
    [PersonalData(PersonalDataCategory.Usage, KeepValuesInAudit = true)]
    public required string Source { get; set; }
}

public static class LocationConsents
{
    /// <summary>
    /// The people among these decisions whose newest one grants indoor location, leaving out anyone who restricted
    /// processing of their data or objected to it (their position is not processed, whatever their consent says).
    /// </summary>
    public static async Task<HashSet<Guid>> InForceAsync(Data.AdminDbContext db, IQueryable<LocationConsent> decisions, CancellationToken ct) =>
        (await decisions.AsNoTracking()
            .Where(c => !db.Employees.Any(e => e.Id == c.EmployeeId && e.ProcessingRestrictedSinceUtc != null)).Select(c => new { c.EmployeeId, c.Granted, c.DecidedAtUtc }).ToListAsync(ct))
            .GroupBy(c => c.EmployeeId)
            .Where(g => g.MaxBy(c => c.DecidedAtUtc)!.Granted)
            .Select(g => g.Key)
            .ToHashSet();
}
