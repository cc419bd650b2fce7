using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places;

/// <summary>
/// The places a caller may see: the whole tenant for unscoped roles, or only the buildings, floors and zones of a
/// space manager's scopes. Services filter with it; pages never decide.
/// </summary>
public sealed record PlaceScope(bool Unlimited, IReadOnlySet<Guid> BuildingIds, IReadOnlySet<Guid> FloorIds, IReadOnlySet<Guid> ZoneIds)
{
    public static async Task<PlaceScope> ForAsync(AdminDbContext db, UserContext user, CancellationToken ct = default)
    {
        if (!user.IsScopedToAreas)
        {
            return new PlaceScope(true, new HashSet<Guid>(), new HashSet<Guid>(), new HashSet<Guid>());
        }

        var buildingScopes = user.Scopes.Where(s => s.Kind == ScopeKind.Building).Select(s => s.Id).ToList();
        var floorScopes = user.Scopes.Where(s => s.Kind == ScopeKind.Floor).Select(s => s.Id).ToList();
        var zoneScopes = user.Scopes.Where(s => s.Kind == ScopeKind.Zone).Select(s => s.Id).ToList();

        var floors = await db.Floors
            .Where(f => buildingScopes.Contains(f.BuildingId) || floorScopes.Contains(f.Id))
            .Select(f => new { f.Id, f.BuildingId })
            .ToListAsync(ct);
        var zones = await db.Zones
            .Where(z => zoneScopes.Contains(z.Id))
            .Join(db.Floors, z => z.FloorId, f => f.Id, (z, f) => new { z.Id, f.BuildingId })
            .ToListAsync(ct);

        return new PlaceScope(
            false,
            floors.Select(f => f.BuildingId).Concat(zones.Select(z => z.BuildingId)).Concat(buildingScopes).ToHashSet(),
            floors.Select(f => f.Id).ToHashSet(),
            zones.Select(z => z.Id).ToHashSet())
        {
            WholeBuildings = buildingScopes.ToHashSet(),
        };
    }

    public IQueryable<Space> Spaces(AdminDbContext db) => Unlimited
        ? db.Spaces
        : db.Spaces.Where(s => FloorIds.Contains(s.FloorId) || (s.ZoneId != null && ZoneIds.Contains(s.ZoneId.Value)));

    public IQueryable<Building> Buildings(AdminDbContext db) => Unlimited ? db.Buildings : db.Buildings.Where(b => BuildingIds.Contains(b.Id));

    public IQueryable<Floor> Floors(AdminDbContext db) => Unlimited ? db.Floors : db.Floors.Where(f => FloorIds.Contains(f.Id) || db.Zones.Any(z => z.FloorId == f.Id && ZoneIds.Contains(z.Id)));

    /// <summary>Whole buildings in scope (a Building scope), where the manager may also change the building itself.</summary>
    public IReadOnlySet<Guid> WholeBuildings { get; init; } = new HashSet<Guid>();

    public bool CanSeeBuilding(Guid id) => Unlimited || BuildingIds.Contains(id);

    public bool CanEditBuilding(Guid id) => Unlimited || WholeBuildings.Contains(id);

    public bool CanEditFloor(Guid id) => Unlimited || FloorIds.Contains(id);

    public bool CanEditSpace(Guid floorId, Guid? zoneId) => Unlimited || FloorIds.Contains(floorId) || (zoneId is { } z && ZoneIds.Contains(z));
}
