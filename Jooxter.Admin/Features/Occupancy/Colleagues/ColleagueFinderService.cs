using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Colleagues;

public sealed record ColleaguePerson(Guid Id, string Name);

/// <summary>
/// Where one colleague is on the day: their booking, what they declared, and, with their consent, where a beacon last
/// placed them (only within the last 30 minutes, never older).
/// </summary>
public sealed record ColleagueRow(Guid Id, string Name, WorkplaceStatus? Declared, string? Booking, string? SeenAt, int? SeenMinutesAgo);

public sealed record ColleagueGroup(Guid Id, string Name, IReadOnlyList<ColleagueRow> Colleagues);

public sealed record ColleagueView(ColleaguePerson Person, DateOnly Day, IReadOnlyList<ColleagueGroup> Groups);

/// <summary>
/// The colleague finder, for the purpose the privacy policy names: for one employee, where the colleagues of their
/// groups are on a day. A caller sees only the groups they may: every group for unscoped roles, the groups of their
/// scope for a space manager (the managers who supervise those people, who may also declare their status).
/// </summary>
public sealed class ColleagueFinderService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<IReadOnlyList<ColleaguePerson>> PeopleAsync(string? search, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        var query = Visible(db, user);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var folded = Names.Fold(search);
            query = query.Where(e => e.SearchText.Contains(folded));
        }

        return await query.OrderBy(e => e.LastName).ThenBy(e => e.FirstName).Take(20).Select(e => new ColleaguePerson(e.Id, e.FirstName + " " + e.LastName)).ToListAsync(ct);
    }

    /// <summary>The colleagues of the person's groups that the caller may see, or null when the person is out of reach.</summary>
    public async Task<ColleagueView?> FindAsync(Guid employeeId, DateOnly day, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        var person = await Visible(db, user).Where(e => e.Id == employeeId).Select(e => new ColleaguePerson(e.Id, e.FirstName + " " + e.LastName)).SingleOrDefaultAsync(ct);
        if (person is null)
        {
            return null;
        }

        var groupScope = GroupScope(user);
        var groups = await db.UserGroupMembers.Where(m => m.EmployeeId == employeeId && (groupScope == null || groupScope.Contains(m.UserGroupId)))
            .Join(db.UserGroups, m => m.UserGroupId, g => g.Id, (m, g) => new { g.Id, g.Name }).OrderBy(g => g.Name).ToListAsync(ct);
        var groupIds = groups.Select(g => g.Id).ToList();
        var members = await db.UserGroupMembers.Where(m => groupIds.Contains(m.UserGroupId) && m.EmployeeId != employeeId)
            .Join(db.Employees.Where(e => e.Status == EmployeeStatus.Active && e.ProcessingRestrictedSinceUtc == null), m => m.EmployeeId, e => e.Id, (m, e) => new { m.UserGroupId, e.Id, Name = e.FirstName + " " + e.LastName })
            .ToListAsync(ct);
        var people = members.Select(m => m.Id).Distinct().ToList();

        var from = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = from.AddDays(1);
        var bookings = (await db.Reservations.AsNoTracking()
                .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn) && r.StartsAtUtc < to && r.EndsAtUtc > from
                    && (people.Contains(r.HolderId) || (r.BeneficiaryId != null && people.Contains(r.BeneficiaryId.Value))))
                .Join(db.Spaces, r => r.SpaceId, s => s.Id, (r, s) => new { For = r.BeneficiaryId ?? r.HolderId, r.StartsAtUtc, r.EndsAtUtc, Space = s.Name, s.FloorId })
                .Join(db.Floors, x => x.FloorId, f => f.Id, (x, f) => new { x.For, x.StartsAtUtc, x.EndsAtUtc, x.Space, Floor = f.Name, f.BuildingId })
                .Join(db.Buildings, x => x.BuildingId, b => b.Id, (x, b) => new { x.For, x.StartsAtUtc, x.EndsAtUtc, x.Space, x.Floor, Building = b.Name, b.TimeZone })
                .ToListAsync(ct))
            .ToLookup(b => b.For);
        var declared = await db.Set<DeclaredStatus>().AsNoTracking().Where(d => d.Day == day && people.Contains(d.EmployeeId)).ToDictionaryAsync(d => d.EmployeeId, d => d.Status, ct);

        // Positions exist only for people who consented (withdrawal deletes them), and the data layer hides any older
        // than 30 minutes. Only today has positions.
        var now = clock.GetUtcNow().UtcDateTime;
        var positions = DateOnly.FromDateTime(now) == day
            ? (await db.Presences.AsNoTracking().Where(p => people.Contains(p.EmployeeId))
                    .Join(db.Floors, p => p.FloorId, f => f.Id, (p, f) => new { p.EmployeeId, p.SeenAtUtc, p.ZoneId, Floor = f.Name })
                    .ToListAsync(ct))
                .ToDictionary(p => p.EmployeeId)
            : [];
        var zoneIds = positions.Values.Where(p => p.ZoneId != null).Select(p => p.ZoneId!.Value).Distinct().ToList();
        var zones = await db.Zones.Where(z => zoneIds.Contains(z.Id)).ToDictionaryAsync(z => z.Id, z => z.Name, ct);

        ColleagueRow Row(Guid id, string name)
        {
            var booking = bookings[id].OrderBy(b => b.StartsAtUtc).FirstOrDefault();
            var where = booking is null ? null : $"{booking.Space} · {booking.Floor} · {booking.Building} · {Local(booking.StartsAtUtc, booking.TimeZone)}–{Local(booking.EndsAtUtc, booking.TimeZone)}";
            var seen = positions.GetValueOrDefault(id);
            return new ColleagueRow(id, name, declared.TryGetValue(id, out var status) ? status : null, where,
                seen is null ? null : seen.ZoneId is { } zone && zones.TryGetValue(zone, out var zoneName) ? $"{seen.Floor} · {zoneName}" : seen.Floor,
                seen is null ? null : (int)Math.Max(0, (now - seen.SeenAtUtc).TotalMinutes));
        }

        return new ColleagueView(person, day, groups.Select(g => new ColleagueGroup(g.Id, g.Name,
            members.Where(m => m.UserGroupId == g.Id).OrderBy(m => m.Name).Select(m => Row(m.Id, m.Name)).ToList())).ToList());
    }

    /// <summary>Sets (or clears, with null) what a person declared for a day; only for people of the caller's groups.</summary>
    public async Task<OperationResult> DeclareAsync(Guid employeeId, DateOnly day, WorkplaceStatus? status, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewOccupancy);
        await using var db = await database.OpenAsync();
        if (!await Visible(db, user).AnyAsync(e => e.Id == employeeId, ct))
        {
            return OperationResult.NotFound();
        }

        var existing = await db.Set<DeclaredStatus>().SingleOrDefaultAsync(d => d.EmployeeId == employeeId && d.Day == day, ct);
        if (status is null)
        {
            if (existing is not null)
            {
                db.Remove(existing);
            }
        }
        else if (existing is null)
        {
            db.Add(new DeclaredStatus { EmployeeId = employeeId, Day = day, Status = status.Value });
        }
        else
        {
            existing.Status = status.Value;
            existing.Version = Guid.NewGuid();
        }

        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    private static string Local(DateTime utc, string timeZone) =>
        BuildingTime.ToLocal(utc, BuildingTime.Zone(timeZone)).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The groups a caller may look into: null for every group (unscoped roles), else those of their scope.</summary>
    private static HashSet<Guid>? GroupScope(UserContext user) =>
        user.IsScopedToAreas ? user.Scopes.Where(s => s.Kind == ScopeKind.UserGroup).Select(s => s.Id).ToHashSet() : null;

    private static IQueryable<Employee> Visible(AdminDbContext db, UserContext user)
    {
        var groups = GroupScope(user);
        var active = db.Employees.AsNoTracking().Where(e => e.Status == EmployeeStatus.Active && e.ProcessingRestrictedSinceUtc == null);
        return groups is null ? active : active.Where(e => db.UserGroupMembers.Any(m => m.EmployeeId == e.Id && groups.Contains(m.UserGroupId)));
    }
}
