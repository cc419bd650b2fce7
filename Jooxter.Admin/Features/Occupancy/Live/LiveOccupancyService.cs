using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Live;

public sealed record LiveFloorOption(Guid Id, string Name);

public sealed record LiveSite(Guid Id, string Name, IReadOnlyList<LiveFloorOption> Floors);

public sealed record LiveSpaceInfo(Guid Id, string Name, SpaceKind Kind, double? PlanX, double? PlanY);

/// <summary>A floor as the live page draws it: names and plan positions (read once), and the picture (replaced by each pushed one).</summary>
public sealed record LiveFloor(Guid Id, Guid BuildingId, string Building, string Floor, bool HasPlan, IReadOnlyList<LiveSpaceInfo> Spaces, IReadOnlyDictionary<Guid, string> ZoneNames, FloorSnapshot Snapshot);

/// <summary>What the live occupancy page may show the caller: the buildings and floors of their scope, and each floor's picture now.</summary>
public sealed class LiveOccupancyService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, IOptions<OccupancyOptions> options)
{
    /// <summary>
    /// Floors whose live picture the caller may see: the whole floor must be in scope (a building or floor scope), since
    /// the picture shows every space of it. A manager of some zones only sees them in the other pages.
    /// </summary>
    public static IQueryable<Floor> LiveFloors(AdminDbContext db, PlaceScope scope) =>
        scope.Unlimited ? db.Floors : db.Floors.Where(f => scope.FloorIds.Contains(f.Id));

    public async Task<IReadOnlyList<LiveSite>> SitesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var floors = await LiveFloors(db, scope).Where(f => !f.IsArchived).OrderBy(f => f.Level).Select(f => new { f.Id, f.Name, f.BuildingId }).ToListAsync(ct);
        var buildings = await scope.Buildings(db).Where(b => !b.IsArchived).OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        return buildings.Select(b => new LiveSite(b.Id, b.Name, floors.Where(f => f.BuildingId == b.Id).Select(f => new LiveFloorOption(f.Id, f.Name)).ToList()))
            .Where(b => b.Floors.Count > 0).ToList();
    }

    /// <summary>The totals of each floor of a building in the caller's scope now (the building's summary on the live page).</summary>
    public async Task<IReadOnlyList<(Guid FloorId, string Floor, LiveCounts Totals)>> BuildingAsync(Guid buildingId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var floors = await LiveFloors(db, scope).Where(f => f.BuildingId == buildingId && !f.IsArchived).OrderBy(f => f.Level).Select(f => new { f.Id, f.Name }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var result = new List<(Guid, string, LiveCounts)>();
        foreach (var floor in floors)
        {
            var snapshot = await LiveOccupancyReader.SnapshotAsync(db, floor.Id, now, options.Value.PresenceSilence, ct);
            result.Add((floor.Id, floor.Name, snapshot!.Totals));
        }

        return result;
    }

    /// <summary>The floor with its picture now, or null when it does not exist or lies outside the caller's scope.</summary>
    public async Task<LiveFloor?> FloorAsync(Guid floorId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var floor = await LiveFloors(db, scope).Where(f => f.Id == floorId && !f.IsArchived)
            .Select(f => new { f.Id, f.Name, f.BuildingId, Building = db.Buildings.Where(b => b.Id == f.BuildingId).Select(b => b.Name).First(), HasPlan = db.FloorPlans.Any(p => p.FloorId == f.Id) })
            .SingleOrDefaultAsync(ct);
        if (floor is null)
        {
            return null;
        }

        var spaces = await db.Spaces.AsNoTracking().Where(s => s.FloorId == floorId && s.IsEnabled).OrderBy(s => s.Name)
            .Select(s => new LiveSpaceInfo(s.Id, s.Name, s.Kind, s.PlanX, s.PlanY)).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.FloorId == floorId).ToDictionaryAsync(z => z.Id, z => z.Name, ct);
        var snapshot = await LiveOccupancyReader.SnapshotAsync(db, floorId, clock.GetUtcNow().UtcDateTime, options.Value.PresenceSilence, ct);
        return new LiveFloor(floor.Id, floor.BuildingId, floor.Building, floor.Name, floor.HasPlan, spaces, zones, snapshot!);
    }
}
