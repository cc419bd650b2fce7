using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Jooxter.Admin.Features.Occupancy.Ingestion;

/// <summary>A space near a beacon, nearest first.</summary>
public sealed record NearbySpace(Guid SpaceId, Guid? ZoneId, double Distance);

/// <summary>Where a registered beacon is: its floor and the spaces its signal covers (none when it is not placed on a plan).</summary>
public sealed record BeaconPlacement(Guid BeaconId, Guid? FloorId, Guid? BuildingId, IReadOnlyList<NearbySpace> Spaces)
{
    public bool IsPlaced => FloorId is not null && Spaces.Count > 0;
}

/// <summary>
/// The beacons of a customer by UUID, major and minor, with the spaces each covers, read once and kept briefly: an
/// ingestion batch must not read the registry. A beacon moved on a plan is picked up within <see cref="Lifetime"/>.
/// </summary>
public sealed class BeaconMap(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>Spaces within this relative distance of a beacon (a fraction of the plan's size) are covered by it.</summary>
    public const double CoverageRadius = 0.12;

    public async Task<IReadOnlyDictionary<(Guid Uuid, int Major, int Minor), BeaconPlacement>> ForAsync(AdminDbContext db, Guid tenantId, CancellationToken ct)
    {
        if (cache.TryGetValue(("beacons", tenantId), out IReadOnlyDictionary<(Guid, int, int), BeaconPlacement>? map) && map is not null)
        {
            return map;
        }

        var beacons = await db.Beacons.AsNoTracking().Select(b => new { b.Id, b.Uuid, b.Major, b.Minor, b.FloorId, b.X, b.Y }).ToListAsync(ct);
        var floors = await db.Floors.AsNoTracking().Where(f => !f.IsArchived).Select(f => new { f.Id, f.BuildingId }).ToDictionaryAsync(f => f.Id, f => f.BuildingId, ct);
        var spaces = (await db.Spaces.AsNoTracking().Where(s => s.IsEnabled && s.PlanX != null && s.PlanY != null)
                .Select(s => new { s.Id, s.FloorId, s.ZoneId, X = s.PlanX!.Value, Y = s.PlanY!.Value }).ToListAsync(ct))
            .ToLookup(s => s.FloorId);
        var result = new Dictionary<(Guid, int, int), BeaconPlacement>();
        foreach (var b in beacons)
        {
            if (b.FloorId is not { } floor || b.X is not { } x || b.Y is not { } y || !floors.TryGetValue(floor, out var building))
            {
                result[(b.Uuid, b.Major, b.Minor)] = new BeaconPlacement(b.Id, null, null, []);
                continue;
            }

            var near = spaces[floor].Select(s => new NearbySpace(s.Id, s.ZoneId, Math.Sqrt(((s.X - x) * (s.X - x)) + ((s.Y - y) * (s.Y - y))))).OrderBy(s => s.Distance).ToList();
            var covered = near.Where(s => s.Distance <= CoverageRadius).ToList();
            result[(b.Uuid, b.Major, b.Minor)] = new BeaconPlacement(b.Id, floor, building, covered.Count > 0 ? covered : near.Take(1).ToList());
        }

        cache.Set(("beacons", tenantId), (IReadOnlyDictionary<(Guid, int, int), BeaconPlacement>)result, Lifetime);
        return result;
    }
}
