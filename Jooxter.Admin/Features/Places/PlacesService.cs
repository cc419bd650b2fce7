using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places;

public enum PlaceKind
{
    Building,
    Floor,
    Zone,
    Space,
}

public sealed record PlaceTarget(PlaceKind Kind, Guid Id);

public sealed class BuildingForm
{
    public Guid? Id { get; set; }

    public string Name { get; set; } = "";

    public string? Address { get; set; }

    public string TimeZone { get; set; } = "Europe/Paris";

    public TimeOnly? OpensAt { get; set; } = new(8, 0);

    public TimeOnly? ClosesAt { get; set; } = new(19, 0);

    public OpenDays OpenDays { get; set; } = OpenDays.Weekdays;

    /// <summary>The concurrency stamp read with the building; a save with a stale stamp is refused.</summary>
    public Guid? Version { get; set; }
}

public sealed record FloorRow(Guid Id, int Level, string Name, int Zones, int Spaces, bool HasPlan, bool IsArchived, bool CanEdit);

public sealed record BuildingDetails(Guid Id, string Name, string? Address, string TimeZone, TimeOnly? OpensAt, TimeOnly? ClosesAt, OpenDays OpenDays, bool IsArchived, bool CanEdit, bool CanAddFloors, IReadOnlyList<FloorRow> Floors, Guid Version = default);

public sealed record ZoneRow(Guid Id, string Name, int Spaces, string? Outline, bool IsArchived, Guid Version = default, int? BookingCap = null);

public sealed record FloorDetails(Guid Id, Guid BuildingId, string BuildingName, int Level, string Name, bool IsArchived, bool CanEdit, bool HasPlan, double PlanWidth, double PlanHeight, IReadOnlyList<ZoneRow> Zones, Guid Version = default);

public sealed class SpaceForm
{
    public Guid? Id { get; set; }

    public Guid FloorId { get; set; }

    public Guid? ZoneId { get; set; }

    public string Name { get; set; } = "";

    public SpaceKind Kind { get; set; } = SpaceKind.Desk;

    public int Capacity { get; set; } = 1;

    public Amenities Amenities { get; set; }

    public bool IsBookable { get; set; } = true;

    public bool IsEnabled { get; set; } = true;

    public double? PlanX { get; set; }

    public double? PlanY { get; set; }

    public Guid? Version { get; set; }
}

public sealed record SpaceRow(Guid Id, string Name, SpaceKind Kind, int Capacity, string Floor, string? Zone, bool IsBookable, bool IsEnabled, double? PlanX, double? PlanY, Amenities Amenities = Amenities.None);

public sealed record SpaceQuery(Guid? BuildingId = null, Guid? FloorId = null, Guid? ZoneId = null, string? Search = null, SpaceKind? Kind = null, bool? Enabled = null, int Page = 0, int PageSize = 25);

/// <summary>
/// Buildings, floors, zones and spaces of the caller's organisation. Facility managers and administrators see and
/// change everything; a space manager only what lies in their scope, checked here for every read and write.
/// </summary>
public sealed class PlacesService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<BuildingDetails?> GetBuildingAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var building = await db.Buildings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (building is null || !scope.CanSeeBuilding(id))
        {
            return null;
        }

        var canManage = user.Can(Capability.ManagePlaces);
        var floors = await scope.Floors(db).Where(f => f.BuildingId == id).OrderBy(f => f.Level)
            .Select(f => new { f.Id, f.Level, f.Name, f.IsArchived, Zones = db.Zones.Count(z => z.FloorId == f.Id && !z.IsArchived), Spaces = db.Spaces.Count(s => s.FloorId == f.Id), HasPlan = db.FloorPlans.Any(p => p.FloorId == f.Id) })
            .ToListAsync(ct);
        return new BuildingDetails(building.Id, building.Name, building.Address, building.TimeZone, building.OpensAt, building.ClosesAt, building.OpenDays, building.IsArchived, canManage && scope.CanEditBuilding(id), canManage && scope.CanEditBuilding(id),
            floors.Select(f => new FloorRow(f.Id, f.Level, f.Name, f.Zones, f.Spaces, f.HasPlan, f.IsArchived, canManage && scope.CanEditFloor(f.Id))).ToList(), building.Version);
    }

    public async Task<SaveResult> SaveBuildingAsync(BuildingForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        var errors = new List<OperationError>();
        if (string.IsNullOrWhiteSpace(form.Name)) errors.Add(new(nameof(form.Name), "Validation.Required"));
        if (form.Name.Trim().Length > 200) errors.Add(new(nameof(form.Name), "Validation.TooLong"));
        if (!IsTimeZone(form.TimeZone)) errors.Add(new(nameof(form.TimeZone), "Places.InvalidTimeZone"));
        if ((form.OpensAt is null) != (form.ClosesAt is null) || form.OpensAt >= form.ClosesAt) errors.Add(new(nameof(form.ClosesAt), "Places.InvalidHours"));
        if (errors.Count > 0)
        {
            return new SaveResult(new OperationResult(errors), form.Id);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        Building building;
        if (form.Id is null)
        {
            if (!scope.Unlimited)
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            building = new Building { Name = "" };
            db.Buildings.Add(building);
        }
        else
        {
            building = await db.Buildings.SingleOrDefaultAsync(b => b.Id == form.Id, ct) ?? throw new AccessDeniedException(Capability.ManagePlaces);
            if (!scope.CanEditBuilding(building.Id))
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            Concurrency.Expect(db, building, form.Version);
        }

        building.Name = form.Name.Trim();
        building.Address = string.IsNullOrWhiteSpace(form.Address) ? null : form.Address.Trim();
        building.TimeZone = form.TimeZone;
        building.OpensAt = form.OpensAt;
        building.ClosesAt = form.ClosesAt;
        building.OpenDays = form.OpenDays;
        try
        {
            // New opening hours or days may put future bookings in conflict.
            await Features.Reservations.ReservationConflicts.SaveAsync(db, SpacesOf(db, new PlaceTarget(PlaceKind.Building, building.Id)), clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(Concurrency.Conflict, form.Id);
        }

        return new SaveResult(OperationResult.Ok, building.Id);
    }

    /// <summary>Creates a floor, or renames one (naming the <paramref name="version"/> it was read with: see <see cref="Concurrency"/>).</summary>
    public async Task<SaveResult> SaveFloorAsync(Guid buildingId, Guid? floorId, int level, string name, Guid? version = null, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (string.IsNullOrWhiteSpace(name))
        {
            return new SaveResult(OperationResult.Fail("Name", "Validation.Required"), floorId);
        }

        if (name.Trim().Length > 150)
        {
            return new SaveResult(OperationResult.Fail("Name", "Validation.TooLong"), floorId);
        }

        if (level is < -10 or > 200)
        {
            return new SaveResult(OperationResult.Fail("Level", "Places.InvalidLevel"), floorId);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!await db.Buildings.AnyAsync(b => b.Id == buildingId, ct) || (floorId is null ? !scope.CanEditBuilding(buildingId) : !scope.CanEditFloor(floorId.Value)))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        var floor = floorId is null ? null : await db.Floors.SingleOrDefaultAsync(f => f.Id == floorId && f.BuildingId == buildingId, ct);
        if (floorId is not null && floor is null)
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        if (await db.Floors.AnyAsync(f => f.BuildingId == buildingId && f.Level == level && f.Id != floorId && !f.IsArchived, ct))
        {
            return new SaveResult(OperationResult.Fail("Level", "Places.LevelTaken"), floorId);
        }

        if (floor is null)
        {
            floor = new Floor { BuildingId = buildingId, Name = "" };
            db.Floors.Add(floor);
        }
        else
        {
            Concurrency.Expect(db, floor, version);
        }

        floor.Level = level;
        floor.Name = name.Trim();
        return new SaveResult(await Concurrency.SaveAsync(db, ct), floor.Id);
    }

    public async Task<FloorDetails?> GetFloorAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var floor = await scope.Floors(db).AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
        if (floor is null)
        {
            return null;
        }

        var building = await db.Buildings.AsNoTracking().SingleAsync(b => b.Id == floor.BuildingId, ct);
        var plan = await db.FloorPlans.AsNoTracking().Where(p => p.FloorId == id).Select(p => new { p.Width, p.Height }).SingleOrDefaultAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.FloorId == id).OrderBy(z => z.Name)
            .Select(z => new ZoneRow(z.Id, z.Name, db.Spaces.Count(s => s.ZoneId == z.Id), z.Outline, z.IsArchived, z.Version, z.BookingCap))
            .ToListAsync(ct);
        return new FloorDetails(floor.Id, building.Id, building.Name, floor.Level, floor.Name, floor.IsArchived, user.Can(Capability.ManagePlaces) && scope.CanEditFloor(id), plan is not null, plan?.Width ?? 0, plan?.Height ?? 0, zones, floor.Version);
    }

    /// <summary>Creates a zone, or renames one (naming the <paramref name="version"/> it was read with: see <see cref="Concurrency"/>).</summary>
    public async Task<SaveResult> SaveZoneAsync(Guid floorId, Guid? zoneId, string name, Guid? version = null, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (string.IsNullOrWhiteSpace(name))
        {
            return new SaveResult(OperationResult.Fail("Name", "Validation.Required"), zoneId);
        }

        if (name.Trim().Length > 150)
        {
            return new SaveResult(OperationResult.Fail("Name", "Validation.TooLong"), zoneId);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!scope.CanEditFloor(floorId) || !await db.Floors.AnyAsync(f => f.Id == floorId, ct))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        if (Names.Collides(await db.Zones.Where(z => z.FloorId == floorId && z.Id != zoneId && !z.IsArchived).Select(z => z.Name).ToListAsync(ct), name))
        {
            return new SaveResult(OperationResult.Fail("Name", "Places.NameTaken"), zoneId);
        }

        var zone = zoneId is null ? null : await db.Zones.SingleOrDefaultAsync(z => z.Id == zoneId && z.FloorId == floorId, ct);
        if (zone is null)
        {
            zone = new Zone { FloorId = floorId, Name = "" };
            db.Zones.Add(zone);
        }
        else
        {
            Concurrency.Expect(db, zone, version);
        }

        zone.Name = name.Trim();
        return new SaveResult(await Concurrency.SaveAsync(db, ct), zone.Id);
    }

    /// <summary>Sets or clears a zone's booking cap; bookings beyond a lowered cap go to the arbitration queue, saved together.</summary>
    public async Task<OperationResult> SetZoneCapAsync(Guid zoneId, int? cap, Guid? version, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        if (cap is < 1 or > 10_000)
        {
            return OperationResult.Fail("Cap", "Zones.CapRange");
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var zone = await db.Zones.SingleOrDefaultAsync(z => z.Id == zoneId, ct);
        if (zone is null || !scope.CanEditSpace(zone.FloorId, zone.Id))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        Concurrency.Expect(db, zone, version);
        zone.BookingCap = cap;
        try
        {
            await Features.Reservations.ReservationConflicts.SaveAsync(db, SpacesOf(db, new PlaceTarget(PlaceKind.Zone, zone.Id)), clock.GetUtcNow().UtcDateTime, ct);
            return OperationResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Concurrency.Conflict;
        }
    }

    public async Task<PagedResult<SpaceRow>> ListSpacesAsync(SpaceQuery q, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var spaces = scope.Spaces(db).AsNoTracking();
        if (q.FloorId is { } floor) spaces = spaces.Where(s => s.FloorId == floor);
        if (q.ZoneId is { } zone) spaces = spaces.Where(s => s.ZoneId == zone);
        if (q.BuildingId is { } building) spaces = spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == building));
        if (q.Kind is { } kind) spaces = spaces.Where(s => s.Kind == kind);
        if (q.Enabled is { } enabled) spaces = spaces.Where(s => s.IsEnabled == enabled);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim().ToUpperInvariant();
            spaces = spaces.Where(s => s.Name.ToUpper().Contains(term));
        }

        var total = await spaces.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 5000);
        var rows = await spaces.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(Math.Max(0, q.Page) * pageSize).Take(pageSize)
            .Select(s => new SpaceRow(s.Id, s.Name, s.Kind, s.Capacity,
                db.Floors.Where(f => f.Id == s.FloorId).Select(f => f.Name).First(),
                db.Zones.Where(z => z.Id == s.ZoneId).Select(z => z.Name).FirstOrDefault(),
                s.IsBookable, s.IsEnabled, s.PlanX, s.PlanY, s.Amenities))
            .ToListAsync(ct);
        return new PagedResult<SpaceRow>(rows, total);
    }

    public async Task<SpaceForm?> GetSpaceAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        return await scope.Spaces(db).AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SpaceForm { Id = s.Id, FloorId = s.FloorId, ZoneId = s.ZoneId, Name = s.Name, Kind = s.Kind, Capacity = s.Capacity, Amenities = s.Amenities, IsBookable = s.IsBookable, IsEnabled = s.IsEnabled, PlanX = s.PlanX, PlanY = s.PlanY, Version = s.Version })
            .SingleOrDefaultAsync(ct);
    }

    public async Task<SaveResult> SaveSpaceAsync(SpaceForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        var errors = new List<OperationError>();
        if (string.IsNullOrWhiteSpace(form.Name)) errors.Add(new(nameof(form.Name), "Validation.Required"));
        if (form.Name.Trim().Length > 150) errors.Add(new(nameof(form.Name), "Validation.TooLong"));
        if (form.Capacity is < 1 or > 1000) errors.Add(new(nameof(form.Capacity), "Places.InvalidCapacity"));
        if (errors.Count > 0)
        {
            return new SaveResult(new OperationResult(errors), form.Id);
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        if (!scope.CanEditSpace(form.FloorId, form.ZoneId) || !await db.Floors.AnyAsync(f => f.Id == form.FloorId, ct)
            || (form.ZoneId is { } zoneId && !await db.Zones.AnyAsync(z => z.Id == zoneId && z.FloorId == form.FloorId, ct)))
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        Space space;
        if (form.Id is null)
        {
            space = new Space { Name = "" };
            db.Spaces.Add(space);
        }
        else
        {
            space = await db.Spaces.SingleOrDefaultAsync(s => s.Id == form.Id, ct) ?? throw new AccessDeniedException(Capability.ManagePlaces);
            if (!scope.CanEditSpace(space.FloorId, space.ZoneId))
            {
                throw new AccessDeniedException(Capability.ManagePlaces);
            }

            Concurrency.Expect(db, space, form.Version);

            if (space.IsEnabled && !form.IsEnabled && await ReservationImpact.Future(db, db.Spaces.Where(s => s.Id == space.Id).Select(s => s.Id), clock.GetUtcNow().UtcDateTime).AnyAsync(ct))
            {
                // Disabling with future reservations goes through the impact dialog, never silently.
                return new SaveResult(OperationResult.Fail(nameof(form.IsEnabled), "Places.HasFutureReservations"), form.Id);
            }
        }

        if (Names.Collides(await db.Spaces.Where(s => s.FloorId == form.FloorId && s.Id != form.Id).Select(s => s.Name).ToListAsync(ct), form.Name))
        {
            return new SaveResult(OperationResult.Fail(nameof(form.Name), "Places.NameTaken"), form.Id);
        }

        space.FloorId = form.FloorId;
        space.ZoneId = form.ZoneId;
        space.Name = form.Name.Trim();
        space.Kind = form.Kind;
        space.Capacity = form.Capacity;
        space.Amenities = form.Amenities;
        space.IsBookable = form.IsBookable;
        space.IsEnabled = form.IsEnabled;
        try
        {
            await Features.Reservations.ReservationConflicts.SaveAsync(db, SpacesOf(db, new PlaceTarget(PlaceKind.Space, space.Id)), clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(Concurrency.Conflict, form.Id);
        }

        return new SaveResult(OperationResult.Ok, space.Id);
    }

    /// <summary>The future reservations a disable or archive would affect, for the person to decide.</summary>
    public async Task<IReadOnlyList<AffectedReservation>> ImpactAsync(PlaceTarget target, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        await using var db = await database.OpenAsync();
        await DemandEditAsync(db, user, target, ct);
        return await ReservationImpact.ListAsync(db, SpacesOf(db, target), clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Archives a building, floor or zone, or disables a space, keeping or cancelling (with notice) its future reservations.</summary>
    public async Task<int> ArchiveAsync(PlaceTarget target, ImpactDecision decision, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        await using var db = await database.OpenAsync();
        await DemandEditAsync(db, user, target, ct);
        var cancelled = decision == ImpactDecision.CancelWithNotice
            ? await ReservationImpact.CancelAsync(db, SpacesOf(db, target), clock.GetUtcNow().UtcDateTime, $"{target.Kind} closed", ct)
            : 0;
        switch (target.Kind)
        {
            case PlaceKind.Building: (await db.Buildings.SingleAsync(b => b.Id == target.Id, ct)).IsArchived = true; break;
            case PlaceKind.Floor: (await db.Floors.SingleAsync(f => f.Id == target.Id, ct)).IsArchived = true; break;
            case PlaceKind.Zone: (await db.Zones.SingleAsync(z => z.Id == target.Id, ct)).IsArchived = true; break;
            default: (await db.Spaces.SingleAsync(s => s.Id == target.Id, ct)).IsEnabled = false; break;
        }

        // Kept bookings of what is now closed go to the arbitration queue as conflicts, saved with the archive.
        await Features.Reservations.ReservationConflicts.SaveAsync(db, SpacesOf(db, target), clock.GetUtcNow().UtcDateTime, ct);
        return cancelled;
    }

    private static IQueryable<Guid> SpacesOf(AdminDbContext db, PlaceTarget target) => target.Kind switch
    {
        PlaceKind.Building => db.Spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == target.Id)).Select(s => s.Id),
        PlaceKind.Floor => db.Spaces.Where(s => s.FloorId == target.Id).Select(s => s.Id),
        PlaceKind.Zone => db.Spaces.Where(s => s.ZoneId == target.Id).Select(s => s.Id),
        _ => db.Spaces.Where(s => s.Id == target.Id).Select(s => s.Id),
    };

    private static async Task DemandEditAsync(AdminDbContext db, UserContext user, PlaceTarget target, CancellationToken ct)
    {
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var allowed = target.Kind switch
        {
            PlaceKind.Building => await db.Buildings.AnyAsync(b => b.Id == target.Id, ct) && scope.CanEditBuilding(target.Id),
            PlaceKind.Floor => await db.Floors.AnyAsync(f => f.Id == target.Id, ct) && scope.CanEditFloor(target.Id),
            PlaceKind.Zone => await db.Zones.Where(z => z.Id == target.Id).Select(z => z.FloorId).ToListAsync(ct) is [var floor] && scope.CanEditSpace(floor, target.Id),
            _ => await db.Spaces.Where(s => s.Id == target.Id).Select(s => new { s.FloorId, s.ZoneId }).ToListAsync(ct) is [var s] && scope.CanEditSpace(s.FloorId, s.ZoneId),
        };
        if (!allowed)
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }
    }

    private static bool IsTimeZone(string id)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
