using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy;

public sealed record ConsentRow(bool Granted, DateTime DecidedAtUtc, string PolicyVersion, string Source);

/// <summary>
/// An employee's indoor-location consent, recorded in the console from a signed form (the mobile app records its own).
/// Withdrawing deletes the person's location at once, in the same transaction.
/// </summary>
public sealed class ConsentService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, IOptions<OccupancyOptions> options)
{
    public const string ConsoleSource = "Console";

    /// <summary>The decisions, newest first (the first is the one in force).</summary>
    public async Task<IReadOnlyList<ConsentRow>> HistoryAsync(Guid employeeId, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        return await db.LocationConsents.AsNoTracking().Where(c => c.EmployeeId == employeeId).OrderByDescending(c => c.DecidedAtUtc)
            .Select(c => new ConsentRow(c.Granted, c.DecidedAtUtc, c.PolicyVersion, c.Source)).ToListAsync(ct);
    }

    public async Task<OperationResult> RecordAsync(Guid employeeId, bool granted, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        if (!await db.Employees.AnyAsync(e => e.Id == employeeId, ct))
        {
            return OperationResult.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.LocationConsents.Add(new LocationConsent
        {
            EmployeeId = employeeId,
            Granted = granted,
            DecidedAtUtc = clock.GetUtcNow().UtcDateTime,
            PolicyVersion = options.Value.PolicyVersion,
            Source = ConsoleSource,
        });
        await db.SaveChangesAsync(ct);
        if (!granted)
        {
            await db.Presences.IgnoreQueryFilters().Where(p => p.TenantId == db.Scope.TenantId && p.EmployeeId == employeeId).ExecuteDeleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return OperationResult.Ok;
    }
}
