using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>A space as booking needs it: where it is, what it offers, its building's clock and its effective rules.</summary>
public sealed record SpaceFacts(
    Guid Id,
    string Name,
    SpaceKind Kind,
    int Capacity,
    Amenities Amenities,
    Guid FloorId,
    string FloorName,
    int FloorLevel,
    Guid? ZoneId,
    string? ZoneName,
    Guid BuildingId,
    string BuildingName,
    BookingSite Site,
    EffectivePolicy Policy,
    double? PlanX,
    double? PlanY)
{
    /// <summary>Loads the facts of some spaces in two queries: the spaces with their places, then every rule on those places.</summary>
    public static async Task<Dictionary<Guid, SpaceFacts>> LoadAsync(AdminDbContext db, IQueryable<Space> spaces, CancellationToken ct)
    {
        var rows = await spaces.AsNoTracking()
            .Join(db.Floors, s => s.FloorId, f => f.Id, (s, f) => new { s, f })
            .Join(db.Buildings, x => x.f.BuildingId, b => b.Id, (x, b) => new { x.s, x.f, b })
            .Select(x => new
            {
                x.s.Id, x.s.Name, x.s.Kind, x.s.Capacity, x.s.Amenities, x.s.IsBookable, x.s.IsEnabled, x.s.ZoneId, x.s.PlanX, x.s.PlanY,
                FloorId = x.f.Id, FloorName = x.f.Name, FloorLevel = x.f.Level, FloorArchived = x.f.IsArchived,
                BuildingId = x.b.Id, BuildingName = x.b.Name, x.b.TimeZone, x.b.OpensAt, x.b.ClosesAt, x.b.OpenDays, BuildingArchived = x.b.IsArchived,
                Zone = db.Zones.Where(z => z.Id == x.s.ZoneId).Select(z => new { z.Name, z.IsArchived, z.BookingCap }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var targets = rows.SelectMany(r => new[] { r.Id, r.FloorId, r.BuildingId, r.ZoneId ?? Guid.Empty }).Distinct().ToList();
        var policies = targets.Count <= 2000
            ? await db.BookingPolicies.AsNoTracking().Where(p => targets.Contains(p.TargetId)).ToListAsync(ct)
            : await db.BookingPolicies.AsNoTracking().ToListAsync(ct);
        var byTarget = policies.ToLookup(p => (p.Level, p.TargetId));
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        var resolved = new Dictionary<(Guid, Guid, Guid?), EffectivePolicy>();
        var facts = new Dictionary<Guid, SpaceFacts>(rows.Count);
        foreach (var r in rows)
        {
            if (!zones.TryGetValue(r.TimeZone, out var zone))
            {
                zones[r.TimeZone] = zone = BuildingTime.Zone(r.TimeZone);
            }

            var spacePolicy = byTarget[(PolicyLevel.Space, r.Id)].FirstOrDefault();
            EffectivePolicy policy;
            if (spacePolicy is null && resolved.TryGetValue((r.BuildingId, r.FloorId, r.ZoneId), out var shared))
            {
                policy = shared;
            }
            else
            {
                policy = PolicyResolver.Resolve([
                    byTarget[(PolicyLevel.Building, r.BuildingId)].FirstOrDefault(),
                    byTarget[(PolicyLevel.Floor, r.FloorId)].FirstOrDefault(),
                    r.ZoneId is { } zoneId ? byTarget[(PolicyLevel.Zone, zoneId)].FirstOrDefault() : null,
                    spacePolicy]);
                if (spacePolicy is null)
                {
                    resolved[(r.BuildingId, r.FloorId, r.ZoneId)] = policy;
                }
            }

            var available = r.IsBookable && r.IsEnabled && !r.FloorArchived && !r.BuildingArchived && r.Zone?.IsArchived != true;
            facts[r.Id] = new SpaceFacts(
                r.Id, r.Name, r.Kind, r.Capacity, r.Amenities, r.FloorId, r.FloorName, r.FloorLevel, r.ZoneId, r.Zone?.Name, r.BuildingId, r.BuildingName,
                new BookingSite(zone, r.OpensAt, r.ClosesAt, r.OpenDays, available, r.Zone?.BookingCap), policy, r.PlanX, r.PlanY);
        }

        return facts;
    }

    public static async Task<SpaceFacts?> LoadAsync(AdminDbContext db, Guid spaceId, CancellationToken ct) =>
        (await LoadAsync(db, db.Spaces.Where(s => s.Id == spaceId), ct)).GetValueOrDefault(spaceId);
}
