using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// Every 20 seconds: deletes positions older than 30 minutes (so none outlives the promise by more than a minute,
/// although no query returns them anyway), and refreshes the live pictures that time alone changes (a presence falling
/// silent, a booking starting, ending or staying empty). Safe on every instance at once: deletes are idempotent and
/// pictures equal to the last one sent are not sent again.
/// </summary>
public sealed class LocationJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<LocationJob> logger) : PeriodicJob(scopes, clock, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(20);

    protected override TimeSpan Interval => Every;

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        var database = services.GetRequiredService<DatabaseOptions>();
        var publisher = services.GetRequiredService<OccupancyPublisher>();
        var floors = await PurgeAsync(database, Clock, nowUtc, ct);
        foreach (var tenant in floors.GroupBy(f => f.TenantId))
        {
            // Through the same queue as detections: one picture at a time per floor, never an older one after a newer.
            publisher.Request(tenant.Key, tenant.Select(f => f.FloorId));
        }
    }

    /// <summary>Deletes expired positions of every customer; returns the floors whose live picture may have changed since the last round.</summary>
    public static async Task<IReadOnlyList<(Guid TenantId, Guid FloorId)>> PurgeAsync(DatabaseOptions database, TimeProvider clock, DateTime nowUtc, CancellationToken ct)
    {
        await using var db = AdminDatabase.Create(database, DataScope.System("retention"), clock);
        var cutoff = LocationRetention.Cutoff(nowUtc);
        await db.Presences.IgnoreQueryFilters().Where(p => p.SeenAtUtc <= cutoff).ExecuteDeleteAsync(ct);

        var since = nowUtc - Every - Every;
        var present = await db.Presences.Select(p => new { p.TenantId, p.FloorId }).Distinct().ToListAsync(ct);
        var emptyAfter = LiveOccupancyReader.EmptyAfter;
        var timed = await db.Reservations
            .Where(r => (r.StartsAtUtc > since && r.StartsAtUtc <= nowUtc) || (r.EndsAtUtc > since && r.EndsAtUtc <= nowUtc)
                || (r.StartsAtUtc > since - emptyAfter && r.StartsAtUtc <= nowUtc - emptyAfter))
            .Join(db.Spaces, r => r.SpaceId, s => s.Id, (r, s) => new { r.TenantId, s.FloorId }).Distinct().ToListAsync(ct);
        return present.Select(p => (p.TenantId, p.FloorId)).Concat(timed.Select(t => (t.TenantId, t.FloorId))).Distinct().ToList();
    }
}
