using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

public sealed class ExternalGuestForm
{
    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Company { get; set; }
}

/// <summary>A booking as a page or the API asks for it: local times of the space's building.</summary>
public sealed class BookingForm
{
    public Guid SpaceId { get; set; }

    /// <summary>Who the booking is for; null for the caller themself.</summary>
    public Guid? BeneficiaryId { get; set; }

    public DateTime LocalStart { get; set; }

    public DateTime LocalEnd { get; set; }

    public string? Subject { get; set; }

    public List<Guid> ColleagueIds { get; set; } = [];

    public List<ExternalGuestForm> ExternalGuests { get; set; } = [];

    /// <summary>When set, a booking that breaks a rule a manager may waive is not refused but waits for a decision, with this reason.</summary>
    public string? OverrideReason { get; set; }

    public ReservationSource Source { get; set; } = ReservationSource.Console;
}

/// <summary>A change of an existing booking: another time and/or another space.</summary>
public sealed class ChangeForm
{
    public Guid Id { get; set; }

    public Guid SpaceId { get; set; }

    public DateTime LocalStart { get; set; }

    public DateTime LocalEnd { get; set; }

    public string? OverrideReason { get; set; }

    public Guid? Version { get; set; }
}

public sealed record ReservationRow(
    Guid Id,
    Guid SpaceId,
    string Space,
    DateTime LocalStart,
    DateTime LocalEnd,
    ReservationStatus Status,
    string For,
    string? Holder,
    int Guests,
    string? Subject,
    Guid Version);

public sealed record SpaceLane(Guid Id, string Name, SpaceKind Kind, string? Zone, bool Available, double? PlanX, double? PlanY, IReadOnlyList<ReservationRow> Bookings);

/// <summary>A floor's bookings for one local day, for the timeline and the plan.</summary>
public sealed record FloorDay(Guid FloorId, string Floor, string Building, string TimeZone, DateOnly Day, TimeOnly? Opens, TimeOnly? Closes, IReadOnlyList<SpaceLane> Spaces, bool HasPlan = false);

public sealed class AvailabilityQuery
{
    public Guid BuildingId { get; set; }

    public Guid? FloorId { get; set; }

    public Guid? ZoneId { get; set; }

    public SpaceKind? Kind { get; set; }

    public Amenities Amenities { get; set; }

    public int MinCapacity { get; set; } = 1;

    public DateTime LocalStart { get; set; }

    public DateTime LocalEnd { get; set; }

    /// <summary>Who would book: the rules of audience and concurrency are theirs. Null for the caller.</summary>
    public Guid? BeneficiaryId { get; set; }
}

/// <summary>A space found by a search: free, or unavailable with the reasons (a restricted space is shown, a hidden one never).</summary>
public sealed record SpaceOption(Guid Id, string Name, string Floor, string? Zone, SpaceKind Kind, int Capacity, Amenities Amenities, bool Free, IReadOnlyList<OperationError> Reasons);

public sealed record AvailabilityResult(IReadOnlyList<SpaceOption> Spaces, IReadOnlyList<OperationError> Errors);

public sealed record PersonOption(Guid Id, string Name, string Email);

public sealed record BookingSiteOption(Guid Id, string Name, string TimeZone, IReadOnlyList<NamedItem> Floors);

/// <summary>Bookings that were due in a period and how many were released for want of a check-in.</summary>
public sealed record NoShowRow(string Name, int Due, int NoShows, bool IsArea = false)
{
    public double Rate => Due == 0 ? 0 : (double)NoShows / Due;
}

/// <summary>
/// Bookings: availability, booking for oneself or on behalf of someone, change, cancel, check-in, and a floor's day.
/// Every rule is checked here, whatever screen or API calls; two holding bookings of one space never overlap.
/// </summary>
public sealed class ReservationService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    /// <summary>No booking is longer than this, whatever rule is waived: it bounds every overlap search.</summary>
    public static readonly TimeSpan LongestBooking = TimeSpan.FromDays(7);

    public async Task<FloorDay?> DayAsync(Guid floorId, DateOnly day, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var floor = await scope.Places.Floors(db).AsNoTracking().Where(f => f.Id == floorId)
            .Join(db.Buildings, f => f.BuildingId, b => b.Id, (f, b) => new { f.Name, Building = b.Name, b.TimeZone, b.OpensAt, b.ClosesAt })
            .SingleOrDefaultAsync(ct);
        if (floor is null)
        {
            return null;
        }

        var zone = BuildingTime.Zone(floor.TimeZone);
        var (from, to) = BuildingTime.Day(day, zone);
        var spaces = await SpaceFacts.LoadAsync(db, scope.Places.Spaces(db).Where(s => s.FloorId == floorId), ct);
        var bookings = await Rows(db, scope.Reservations(db).Where(r => r.StartsAtUtc < to && r.EndsAtUtc > from && r.StartsAtUtc > from - LongestBooking && db.Spaces.Any(s => s.Id == r.SpaceId && s.FloorId == floorId)), zone, ct);
        var bySpace = bookings.ToLookup(b => b.SpaceId);
        return new FloorDay(
            floorId,
            floor.Name,
            floor.Building,
            floor.TimeZone,
            day,
            floor.OpensAt,
            floor.ClosesAt,
            spaces.Values.OrderBy(s => s.ZoneName).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(s => new SpaceLane(s.Id, s.Name, s.Kind, s.ZoneName, s.Site.Available, s.PlanX, s.PlanY, bySpace[s.Id].OrderBy(b => b.LocalStart).ToList()))
                .ToList(),
            await db.FloorPlans.AnyAsync(p => p.FloorId == floorId, ct));
    }

    public async Task<ReservationRow?> GetAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var zoneId = await scope.Reservations(db).Where(r => r.Id == id)
            .Join(db.Spaces, r => r.SpaceId, s => s.Id, (r, s) => s.FloorId)
            .Join(db.Floors, f => f, f => f.Id, (_, f) => f.BuildingId)
            .Join(db.Buildings, b => b, b => b.Id, (_, b) => b.TimeZone)
            .SingleOrDefaultAsync(ct);
        return zoneId is null ? null : (await Rows(db, scope.Reservations(db).Where(r => r.Id == id), BuildingTime.Zone(zoneId), ct)).SingleOrDefault();
    }

    /// <summary>The buildings and their open floors the caller may look at bookings in, for the Bookings page to choose from.</summary>
    public async Task<IReadOnlyList<BookingSiteOption>> SitesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var buildings = await scope.Places.Buildings(db).AsNoTracking().Where(b => !b.IsArchived).OrderBy(b => b.Name).Select(b => new { b.Id, b.Name, b.TimeZone }).ToListAsync(ct);
        var floors = await scope.Places.Floors(db).AsNoTracking().Where(f => !f.IsArchived).OrderBy(f => f.Level).Select(f => new { f.Id, f.Name, f.BuildingId }).ToListAsync(ct);
        return buildings.Select(b => new BookingSiteOption(b.Id, b.Name, b.TimeZone, floors.Where(f => f.BuildingId == b.Id).Select(f => new NamedItem(f.Id, f.Name)).ToList()))
            .Where(b => b.Floors.Count > 0).ToList();
    }

    /// <summary>Active people a booking can be made for (name and e-mail only), for the caller to pick.</summary>
    public async Task<IReadOnlyList<PersonOption>> PeopleAsync(string? search, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.BookOnBehalf);
        await using var db = await database.OpenAsync();
        var query = db.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active);
        if (user.IsAssistantOnly)
        {
            // An assistant picks among the people of their groups (and themself) only.
            var groups = user.Scopes.Where(s => s.Kind == ScopeKind.UserGroup).Select(s => s.Id).ToList();
            var self = user.EmployeeId;
            query = query.Where(e => e.Id == self || db.UserGroupMembers.Any(m => m.EmployeeId == e.Id && groups.Contains(m.UserGroupId)));
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var folded = Names.Fold(search);
            query = query.Where(e => e.SearchText.Contains(folded));
        }

        return await query.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).Take(20)
            .Select(e => new PersonOption(e.Id, e.FirstName + " " + e.LastName, e.Email)).ToListAsync(ct);
    }

    /// <summary>
    /// Spaces of a building (or floor, zone) for a time window, as the person who would book sees them: hidden spaces
    /// never appear, restricted ones and those breaking a rule appear unavailable with the reasons, taken ones as taken.
    /// </summary>
    public async Task<AvailabilityResult> SearchAsync(AvailabilityQuery query, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var forId = query.BeneficiaryId ?? user.EmployeeId!.Value;
        var building = await scope.Places.Buildings(db).AsNoTracking().Where(b => b.Id == query.BuildingId).Select(b => b.TimeZone).SingleOrDefaultAsync(ct);
        if (building is null || !await db.Employees.AnyAsync(e => e.Id == forId && e.Status == EmployeeStatus.Active, ct))
        {
            return new AvailabilityResult([], [new OperationError("", "Common.NotFound")]);
        }

        var zone = BuildingTime.Zone(building);
        var (window, errors) = Window(query.LocalStart, query.LocalEnd, zone);
        if (window is not var (start, end))
        {
            return new AvailabilityResult([], errors);
        }

        var spaces = db.Spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == query.BuildingId) && s.IsBookable && s.Capacity >= query.MinCapacity);
        if (query.FloorId is { } floorId) spaces = spaces.Where(s => s.FloorId == floorId);
        if (query.ZoneId is { } zoneId) spaces = spaces.Where(s => s.ZoneId == zoneId);
        if (query.Kind is { } kind) spaces = spaces.Where(s => s.Kind == kind);
        if (query.Amenities != Amenities.None)
        {
            var wanted = query.Amenities;
            spaces = spaces.Where(s => (s.Amenities & wanted) == wanted);
        }

        var facts = await SpaceFacts.LoadAsync(db, spaces, ct);
        var ids = facts.Keys.ToList();
        var takenList = await db.Reservations.AsNoTracking()
            .Where(r => Reservation.Holding.Contains(r.Status) && r.StartsAtUtc < end && r.EndsAtUtc > start && r.StartsAtUtc > start - LongestBooking)
            .Select(r => new { r.SpaceId, db.Spaces.First(s => s.Id == r.SpaceId).ZoneId }).ToListAsync(ct);
        var taken = takenList.Select(t => t.SpaceId).ToHashSet();
        var perZone = takenList.Where(t => t.ZoneId != null).GroupBy(t => t.ZoneId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var groups = await GroupsOfAsync(db, forId, ct);
        var concurrent = await OverlappingOfAsync(db, forId, start, end, null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var options = new List<SpaceOption>(ids.Count);
        foreach (var space in facts.Values)
        {
            if (!space.Policy.IsVisibleTo(groups) || !space.Site.Available || !scope.MayBook(space, forId, groups))
            {
                continue;
            }

            var inZone = space.ZoneId is { } zoneOf ? perZone.GetValueOrDefault(zoneOf) : 0;
            var breaches = BookingRules.Breaches(new BookingCheck(start, end, now, space.Policy, space.Site, groups, concurrent, inZone));
            var reasons = BookingRules.Each(breaches).Select(b => new OperationError("", BookingRules.MessageKey(b), BookingRules.Detail(b, space.Policy, space.Site.ZoneCap))).ToList();
            if (taken.Contains(space.Id))
            {
                reasons.Insert(0, new OperationError("", "Reservation.SlotTaken"));
            }

            options.Add(new SpaceOption(space.Id, space.Name, space.FloorName, space.ZoneName, space.Kind, space.Capacity, space.Amenities, reasons.Count == 0, reasons));
        }

        return new AvailabilityResult(
            options.OrderByDescending(o => o.Free).ThenBy(o => facts[o.Id].FloorLevel).ThenBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).ToList(),
            []);
    }

    /// <summary>
    /// No-shows of the past days up to today: for a building per floor, for a floor per zone and per space. A booking
    /// was due when it was confirmed and its time passed: checked in, or released as a no-show.
    /// </summary>
    public async Task<IReadOnlyList<NoShowRow>> NoShowsAsync(Places.PlaceTarget target, int days, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-Math.Clamp(days, 1, 366));
        var spaces = target.Kind == Places.PlaceKind.Building
            ? scope.Places.Spaces(db).Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == target.Id))
            : scope.Places.Spaces(db).Where(s => s.FloorId == target.Id);
        var counts = await db.Reservations.AsNoTracking()
            .Where(r => r.StartsAtUtc >= since && r.StartsAtUtc < now && (r.Status == ReservationStatus.CheckedIn || r.Status == ReservationStatus.Released))
            .Join(spaces, r => r.SpaceId, s => s.Id, (r, s) => new { s.FloorId, s.ZoneId, SpaceId = s.Id, Released = r.Status == ReservationStatus.Released })
            .GroupBy(x => new { x.FloorId, x.ZoneId, x.SpaceId })
            .Select(g => new { g.Key.FloorId, g.Key.ZoneId, g.Key.SpaceId, Due = g.Count(), NoShows = g.Count(x => x.Released) })
            .ToListAsync(ct);
        var names = await spaces.Select(s => new { s.Id, s.Name }).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var floorIds = counts.Select(c => c.FloorId).Distinct().ToList();
        var floors = await db.Floors.Where(f => floorIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => (f.Level, f.Name), ct);
        var zoneIds = counts.Where(c => c.ZoneId != null).Select(c => c.ZoneId!.Value).Distinct().ToList();
        var zones = await db.Zones.Where(z => zoneIds.Contains(z.Id)).ToDictionaryAsync(z => z.Id, z => z.Name, ct);
        if (target.Kind == Places.PlaceKind.Building)
        {
            return counts.GroupBy(c => c.FloorId).OrderBy(g => floors[g.Key].Level)
                .Select(g => new NoShowRow(floors[g.Key].Name, g.Sum(c => c.Due), g.Sum(c => c.NoShows), IsArea: true)).ToList();
        }

        var byZone = counts.Where(c => c.ZoneId != null).GroupBy(c => c.ZoneId!.Value).OrderBy(g => zones[g.Key])
            .Select(g => new NoShowRow(zones[g.Key], g.Sum(c => c.Due), g.Sum(c => c.NoShows), IsArea: true));
        var bySpace = counts.OrderByDescending(c => c.NoShows).ThenBy(c => names[c.SpaceId]).Take(10).Select(c => new NoShowRow(names[c.SpaceId], c.Due, c.NoShows));
        return byZone.Concat(bySpace).ToList();
    }

    /// <summary>
    /// The bookings of a building (or one floor) over a period of local days, as a workbook in the caller's language:
    /// who, what, when, status, no-show. Every cell is an inline string, so a value starting with =, +, - or @ (a
    /// subject, a guest's company) is text, never a formula.
    /// </summary>
    public async Task<byte[]> ExportAsync(Guid buildingId, Guid? floorId, DateOnly from, DateOnly to, Microsoft.Extensions.Localization.IStringLocalizer text, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var timeZone = await scope.Places.Buildings(db).Where(b => b.Id == buildingId).Select(b => b.TimeZone).SingleOrDefaultAsync(ct) ?? throw new AccessDeniedException(Capability.ViewReservations);
        var zone = BuildingTime.Zone(timeZone);
        var start = BuildingTime.Day(from, zone).StartUtc;
        var end = BuildingTime.Day(to < from ? from : to, zone).EndUtc;
        var spaces = db.Spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == buildingId) && (floorId == null || s.FloorId == floorId)).Select(s => s.Id);
        var rows = await scope.Reservations(db).AsNoTracking()
            .Where(r => spaces.Contains(r.SpaceId) && r.StartsAtUtc >= start && r.StartsAtUtc < end)
            .OrderBy(r => r.StartsAtUtc)
            .Select(r => new
            {
                Space = db.Spaces.Where(s => s.Id == r.SpaceId).Select(s => s.Name).First(),
                Floor = db.Spaces.Where(s => s.Id == r.SpaceId).Join(db.Floors, s => s.FloorId, f => f.Id, (s, f) => f.Name).First(),
                For = db.Employees.Where(e => e.Id == (r.BeneficiaryId ?? r.HolderId)).Select(e => e.FirstName + " " + e.LastName).First(),
                Holder = db.Employees.Where(e => e.Id == r.HolderId).Select(e => e.FirstName + " " + e.LastName).First(),
                r.StartsAtUtc, r.EndsAtUtc, r.Status, r.Subject, r.Source,
                Guests = db.ReservationGuests.Count(g => g.ReservationId == r.Id),
            })
            .Take(200_000)
            .ToListAsync(ct);
        string[] headers = ["Reservations.Space", "Reservations.Floor", "Reservations.For", "Export.Holder", "Export.Start", "Export.End", "Export.Status", "Export.NoShow", "Reservations.Subject", "Export.Guests", "Export.Source"];
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var lines = rows.Select((r, i) => (i + 2, (IEnumerable<Shared.Spreadsheets.WrittenCell>)
        [
            new(0, r.Space), new(1, r.Floor), new(2, r.For), new(3, r.Holder),
            new(4, BuildingTime.ToLocal(r.StartsAtUtc, zone).ToString("g", culture)), new(5, BuildingTime.ToLocal(r.EndsAtUtc, zone).ToString("g", culture)),
            new(6, text[$"Reservation.Status.{r.Status}"]), new(7, r.Status == ReservationStatus.Released ? text["Export.Yes"] : ""),
            new(8, r.Subject ?? ""), new(9, r.Guests.ToString(culture)), new(10, r.Source.ToString()),
        ]));
        var header = (1, (IEnumerable<Shared.Spreadsheets.WrittenCell>)headers.Select((h, i) => new Shared.Spreadsheets.WrittenCell(i, text[h], Shared.Spreadsheets.CellLook.Header)).ToList());
        return Shared.Spreadsheets.SheetWriter.Write(text["Reservations.Title"], lines.Prepend(header), new Dictionary<int, double> { [0] = 18, [1] = 16, [2] = 24, [3] = 24, [4] = 18, [5] = 18, [6] = 20, [8] = 30 });
    }

    /// <summary>Books a space. All the rules are checked; a waivable breach with a reason becomes a request a manager decides.</summary>
    public async Task<SaveResult> BookAsync(BookingForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.BookOnBehalf);
        var errors = ValidateGuests(form);
        if (form.Subject?.Length > 200) errors.Add(new OperationError(nameof(form.Subject), "Reservation.SubjectTooLong"));
        if (form.OverrideReason?.Length > 500) errors.Add(new OperationError(nameof(form.OverrideReason), "Reservation.ReasonTooLong"));
        if (errors.Count > 0)
        {
            return new SaveResult(new OperationResult(errors), null);
        }

        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var forId = form.BeneficiaryId ?? user.EmployeeId!.Value;
        var space = await SpaceFacts.LoadAsync(db, form.SpaceId, ct);
        if (space is null || !await db.Employees.AnyAsync(e => e.Id == forId && e.Status == EmployeeStatus.Active, ct))
        {
            return new SaveResult(OperationResult.NotFound(nameof(form.SpaceId)), null);
        }

        var groups = await GroupsOfAsync(db, forId, ct);
        if (!space.Policy.IsVisibleTo(groups) || !scope.MayBook(space, forId, groups))
        {
            return new SaveResult(OperationResult.NotFound(nameof(form.SpaceId)), null);
        }

        var colleagues = form.ColleagueIds.Distinct().ToList();
        var guests = new List<ReservationGuest>();
        if (await db.Employees.CountAsync(e => colleagues.Contains(e.Id) && e.Status == EmployeeStatus.Active, ct) != colleagues.Count)
        {
            return new SaveResult(OperationResult.NotFound(nameof(form.ColleagueIds)), null);
        }

        var (window, windowErrors) = Window(form.LocalStart, form.LocalEnd, space.Site.Zone);
        if (window is not var (start, end))
        {
            return new SaveResult(new OperationResult(windowErrors), null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reservation = new Reservation
        {
            SpaceId = space.Id,
            HolderId = user.EmployeeId!.Value,
            BeneficiaryId = forId == user.EmployeeId ? null : forId,
            StartsAtUtc = start,
            EndsAtUtc = end,
            Subject = string.IsNullOrWhiteSpace(form.Subject) ? null : form.Subject.Trim(),
            Source = form.Source,
            CreatedById = user.EmployeeId,
            CreatedAtUtc = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var placed = await PlaceAsync(db, reservation, space, groups, start, end, form.OverrideReason, now, ct);
        if (!placed.Succeeded)
        {
            return new SaveResult(placed, null);
        }

        db.Reservations.Add(reservation);
        guests.AddRange(colleagues.Select(colleague => new ReservationGuest { ReservationId = reservation.Id, EmployeeId = colleague }));
        guests.AddRange(form.ExternalGuests.Select(guest => new ReservationGuest
        {
            ReservationId = reservation.Id, Name = guest.Name.Trim(), Email = guest.Email.Trim(), Company = string.IsNullOrWhiteSpace(guest.Company) ? null : guest.Company.Trim(),
        }));
        db.ReservationGuests.AddRange(guests);
        await AnnounceAsync(db, reservation, space, now, ReservationNoticeKind.Confirmed, ct, guests);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SaveResult(OperationResult.Ok, reservation.Id);
    }

    /// <summary>Moves a booking to another time and/or space, with the rules checked again.</summary>
    public async Task<OperationResult> ChangeAsync(ChangeForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.BookOnBehalf);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var reservation = await scope.Reservations(db).SingleOrDefaultAsync(r => r.Id == form.Id, ct);
        var space = await SpaceFacts.LoadAsync(db, form.SpaceId, ct);
        if (reservation is null || space is null)
        {
            return OperationResult.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (reservation.Status is not (ReservationStatus.Confirmed or ReservationStatus.AwaitingApproval) || reservation.EndsAtUtc <= now)
        {
            return OperationResult.Fail("", "Reservation.NotChangeable");
        }

        var groups = await GroupsOfAsync(db, reservation.ForId, ct);
        if (!space.Policy.IsVisibleTo(groups) || !scope.MayBook(space, reservation.ForId, groups))
        {
            return OperationResult.NotFound(nameof(form.SpaceId));
        }

        var (window, errors) = Window(form.LocalStart, form.LocalEnd, space.Site.Zone);
        if (window is not var (start, end))
        {
            return new OperationResult(errors);
        }

        Concurrency.Expect(db, reservation, form.Version);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var placed = await PlaceAsync(db, reservation, space, groups, start, end, form.OverrideReason, now, ct);
        if (!placed.Succeeded)
        {
            return placed;
        }

        reservation.SpaceId = space.Id;
        reservation.StartsAtUtc = start;
        reservation.EndsAtUtc = end;
        reservation.AcceptedConflicts = BookingBreach.None;
        reservation.CreatedById = user.EmployeeId;
        await AnnounceAsync(db, reservation, space, now, ReservationNoticeKind.Changed, ct);
        if (reservation.Status == ReservationStatus.Confirmed)
        {
            await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Changed, "", now, ct);
        }
        var saved = await Concurrency.SaveAsync(db, ct);
        if (saved.Succeeded)
        {
            await transaction.CommitAsync(ct);
        }

        return saved;
    }

    /// <summary>Cancels one booking, telling the person it was for; <paramref name="version"/> is the one the caller saw.</summary>
    public async Task<OperationResult> CancelAsync(Guid id, string reason, Guid? version = null, CancellationToken ct = default)
    {
        var outcome = await CancelManyAsync([id], reason, version is { } seen ? new Dictionary<Guid, Guid> { [id] = seen } : null, ct);
        return !outcome.Result.Succeeded ? outcome.Result : outcome.Done == 1 ? OperationResult.Ok : OperationResult.Fail("", "Reservation.NotCancellable");
    }

    /// <summary>
    /// Cancels a selection with one reason; those already over or settled are left and not counted. With the versions
    /// the caller saw, a booking changed since (moved, approved, changed by someone else) makes the whole selection fail
    /// with the concurrency message, and nothing is cancelled.
    /// </summary>
    public async Task<BatchResult> CancelManyAsync(IReadOnlyList<Guid> ids, string reason, IReadOnlyDictionary<Guid, Guid>? versions = null, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.BookOnBehalf);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new BatchResult(0, OperationResult.Fail("Reason", "Reservations.BulkCancel.ReasonRequired"));
        }

        if (ids.Count == 0)
        {
            return new BatchResult(0, OperationResult.Ok);
        }

        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var list = ids.Distinct().ToList();
        var reservations = await scope.Reservations(db)
            .Where(r => list.Contains(r.Id) && r.EndsAtUtc > now && Reservation.Holding.Contains(r.Status))
            .ToListAsync(ct);
        foreach (var reservation in reservations)
        {
            reservation.Status = ReservationStatus.Cancelled;
            reservation.DecisionReason = reason.Trim();
            reservation.DecidedById = user.EmployeeId;
            reservation.DecidedAtUtc = now;
            ReservationNotices.Add(db, reservation, ReservationNoticeKind.Cancelled, reason.Trim(), now);
            await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Cancelled, reason.Trim(), now, ct);
        }

        foreach (var reservation in reservations)
        {
            if (versions?.TryGetValue(reservation.Id, out var seen) == true)
            {
                Concurrency.Expect(db, reservation, seen);
            }
        }

        // One save for the selection: a booking changed meanwhile by someone else leaves the whole selection as it was.
        var saved = await Concurrency.SaveAsync(db, ct);
        return new BatchResult(saved.Succeeded ? reservations.Count : 0, saved);
    }

    /// <summary>Checks a confirmed booking in, from the check-in window before its start until its end.</summary>
    public async Task<OperationResult> CheckInAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.BookOnBehalf);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var reservation = await scope.Reservations(db).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reservation is null)
        {
            return OperationResult.NotFound();
        }

        var space = await SpaceFacts.LoadAsync(db, reservation.SpaceId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (reservation.Status != ReservationStatus.Confirmed)
        {
            return OperationResult.Fail("", reservation.Status == ReservationStatus.CheckedIn ? "Reservation.AlreadyCheckedIn" : "Reservation.NotCheckable");
        }

        if (now < reservation.StartsAtUtc.AddMinutes(-space!.Policy.CheckInWindowMinutes.Value) || now >= reservation.EndsAtUtc)
        {
            return new OperationResult([new OperationError("", "Reservation.OutsideCheckInWindow", space.Policy.CheckInWindowMinutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        reservation.Status = ReservationStatus.CheckedIn;
        reservation.CheckedInAtUtc = now;
        return await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>
    /// Claims the space and checks every rule for a booking at these times, inside the caller's transaction. The claim
    /// (bumping the space's booking sequence) makes bookings of one space wait for each other, so the overlap check
    /// that follows sees every booking committed before it: two holding bookings of a space never overlap.
    /// </summary>
    internal static async Task<OperationResult> PlaceAsync(AdminDbContext db, Reservation reservation, SpaceFacts space, IReadOnlySet<Guid> groups, DateTime start, DateTime end, string? overrideReason, DateTime now, CancellationToken ct)
    {
        await db.Spaces.Where(s => s.Id == space.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.BookingSequence, x => x.BookingSequence + 1), ct);
        var clash = await db.Reservations.AsNoTracking()
            .Where(r => r.SpaceId == space.Id && r.Id != reservation.Id && Reservation.Holding.Contains(r.Status) && r.StartsAtUtc < end && r.EndsAtUtc > start && r.StartsAtUtc > start - LongestBooking)
            .Select(r => new { r.StartsAtUtc, r.EndsAtUtc })
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            var from = BuildingTime.ToLocal(clash.StartsAtUtc, space.Site.Zone);
            var to = BuildingTime.ToLocal(clash.EndsAtUtc, space.Site.Zone);
            return new OperationResult([new OperationError("", "Reservation.SlotTaken", $"{from:g} – {to:t}")]);
        }

        var concurrent = await OverlappingOfAsync(db, reservation.ForId, start, end, reservation.Id, ct);
        var inZone = 0;
        if (space.ZoneId is { } zoneId && space.Site.ZoneCap is not null)
        {
            // A capped zone is claimed too: bookings of its different spaces then count one after the other.
            await db.Zones.Where(z => z.Id == zoneId).ExecuteUpdateAsync(z => z.SetProperty(x => x.BookingSequence, x => x.BookingSequence + 1), ct);
            inZone = await OverlappingInZoneAsync(db, zoneId, start, end, reservation.Id, ct);
        }

        var breaches = BookingRules.Breaches(new BookingCheck(start, end, now, space.Policy, space.Site, groups, concurrent, inZone));
        var waivable = breaches & BookingRules.Overridable;
        if (breaches != waivable || (waivable != BookingBreach.None && string.IsNullOrWhiteSpace(overrideReason)))
        {
            return new OperationResult(BookingRules.Each(breaches).Select(b => new OperationError("", BookingRules.MessageKey(b), BookingRules.Detail(b, space.Policy, space.Site.ZoneCap))).ToList());
        }

        reservation.RequestedOverrides = waivable;
        reservation.RequestReason = waivable == BookingBreach.None ? null : overrideReason!.Trim();
        reservation.Status = waivable != BookingBreach.None || space.Policy.RequiresApproval.Value ? ReservationStatus.AwaitingApproval : ReservationStatus.Confirmed;
        return OperationResult.Ok;
    }

    private static async Task AnnounceAsync(AdminDbContext db, Reservation reservation, SpaceFacts space, DateTime now, ReservationNoticeKind kind, CancellationToken ct, IEnumerable<ReservationGuest>? newGuests = null)
    {
        if (reservation.Status == ReservationStatus.AwaitingApproval)
        {
            await ReservationNotices.AddToApproversAsync(db, reservation, space, now, ct);
        }
        else
        {
            ReservationNotices.Add(db, reservation, kind, "", now);
            if (newGuests is not null)
            {
                await ReservationNotices.AddToGuestsAsync(db, reservation, kind, "", now, ct, newGuests);
            }
        }
    }

    /// <summary>The UTC window of local times, or why it cannot be one.</summary>
    internal static ((DateTime Start, DateTime End)? Window, IReadOnlyList<OperationError> Errors) Window(DateTime localStart, DateTime localEnd, TimeZoneInfo zone)
    {
        var errors = new List<OperationError>();
        var start = BuildingTime.ToUtc(localStart, zone);
        var end = BuildingTime.ToUtc(localEnd, zone);
        if (start is null) errors.Add(new OperationError("LocalStart", "Reservation.LocalTimeMissing", $"{localStart:g}"));
        if (end is null) errors.Add(new OperationError("LocalEnd", "Reservation.LocalTimeMissing", $"{localEnd:g}"));
        if (start is { } s && end is { } e)
        {
            if (e <= s) errors.Add(new OperationError("LocalEnd", "Reservation.EndBeforeStart"));
            else if (e - s > LongestBooking) errors.Add(new OperationError("LocalEnd", "Reservation.TooLongEver"));
        }

        return errors.Count == 0 ? ((start!.Value, end!.Value), errors) : (null, errors);
    }

    internal static async Task<IReadOnlySet<Guid>> GroupsOfAsync(AdminDbContext db, Guid employeeId, CancellationToken ct) =>
        (await db.UserGroupMembers.Where(m => m.EmployeeId == employeeId).Select(m => m.UserGroupId).ToListAsync(ct)).ToHashSet();

    internal static Task<int> OverlappingInZoneAsync(AdminDbContext db, Guid zoneId, DateTime start, DateTime end, Guid? except, CancellationToken ct) =>
        db.Reservations.CountAsync(
            r => r.Id != except && Reservation.Holding.Contains(r.Status) && r.StartsAtUtc < end && r.EndsAtUtc > start && r.StartsAtUtc > start - LongestBooking
                && db.Spaces.Any(s => s.Id == r.SpaceId && s.ZoneId == zoneId),
            ct);

    /// <summary>The person's holding bookings overlapping a window: as beneficiary, and as holder of bookings for themself (two indexed reads, not one OR).</summary>
    internal static async Task<int> OverlappingOfAsync(AdminDbContext db, Guid forId, DateTime start, DateTime end, Guid? except, CancellationToken ct)
    {
        var window = db.Reservations.Where(r => r.Id != except && Reservation.Holding.Contains(r.Status) && r.StartsAtUtc < end && r.EndsAtUtc > start && r.StartsAtUtc > start - LongestBooking);
        return await window.CountAsync(r => r.BeneficiaryId == forId, ct) + await window.CountAsync(r => r.BeneficiaryId == null && r.HolderId == forId, ct);
    }

    private static List<OperationError> ValidateGuests(BookingForm form)
    {
        var errors = new List<OperationError>();
        if (form.ExternalGuests.Count + form.ColleagueIds.Count > 200)
        {
            errors.Add(new OperationError(nameof(form.ExternalGuests), "Reservation.TooManyGuests"));
        }

        for (var i = 0; i < form.ExternalGuests.Count; i++)
        {
            var guest = form.ExternalGuests[i];
            if (string.IsNullOrWhiteSpace(guest.Name) || guest.Name.Length > 200)
            {
                errors.Add(new OperationError($"ExternalGuests[{i}].Name", "Reservation.GuestNameRequired", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (!EmailAddresses.IsValid(guest.Email.Trim()))
            {
                errors.Add(new OperationError($"ExternalGuests[{i}].Email", "Reservation.GuestEmailInvalid", guest.Email));
            }

            if (guest.Company?.Length > 200)
            {
                errors.Add(new OperationError($"ExternalGuests[{i}].Company", "Reservation.GuestCompanyTooLong", (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return errors;
    }

    internal static async Task<List<ReservationRow>> Rows(AdminDbContext db, IQueryable<Reservation> reservations, TimeZoneInfo zone, CancellationToken ct)
    {
        var rows = await reservations.AsNoTracking()
            .Select(r => new
            {
                r.Id, r.SpaceId, Space = db.Spaces.Where(s => s.Id == r.SpaceId).Select(s => s.Name).First(), r.StartsAtUtc, r.EndsAtUtc, r.Status,
                For = db.Employees.Where(e => e.Id == (r.BeneficiaryId ?? r.HolderId)).Select(e => e.FirstName + " " + e.LastName).First(),
                Holder = r.BeneficiaryId == null ? null : db.Employees.Where(e => e.Id == r.HolderId).Select(e => e.FirstName + " " + e.LastName).First(),
                Guests = db.ReservationGuests.Count(g => g.ReservationId == r.Id), r.Subject, r.Version,
            })
            .ToListAsync(ct);
        return rows.Select(r => new ReservationRow(r.Id, r.SpaceId, r.Space, BuildingTime.ToLocal(r.StartsAtUtc, zone), BuildingTime.ToLocal(r.EndsAtUtc, zone), r.Status, r.For, r.Holder, r.Guests, r.Subject, r.Version)).ToList();
    }
}
