using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>
/// Finds the future bookings that a change made elsewhere now puts in breach of the rules (a space disabled or
/// archived with its bookings kept, a duration, audience or opening-hours rule tightened), and marks them for the
/// arbitration queue. Runs in the unit of work of the change, so that a rule and the conflicts it creates are saved
/// together. Days-ahead and per-person limits apply when booking only, and are not conflicts.
/// </summary>
public static class ReservationConflicts
{
    public const BookingBreach Kinds = BookingBreach.TooShort | BookingBreach.TooLong | BookingBreach.ClosedDay | BookingBreach.OutsideOpeningHours
        | BookingBreach.RestrictedAudience | BookingBreach.SpaceUnavailable | BookingBreach.ZoneFull;

    /// <summary>
    /// Saves a change of places or rules and, in the same transaction, the conflicts it creates or settles among the
    /// future bookings of these spaces. Throws what <c>SaveChangesAsync</c> throws (a concurrency conflict: nothing saved).
    /// </summary>
    public static async Task SaveAsync(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc, CancellationToken ct)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        await RefreshAsync(db, spaceIds, nowUtc, ct);
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }

    /// <summary>Re-evaluates the future bookings of these spaces (and of every space sharing a capped zone with them); returns how many now have open conflicts.</summary>
    public static async Task<int> RefreshAsync(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc, CancellationToken ct)
    {
        var reservations = await Future(db, nowUtc).Where(r => spaceIds.Contains(r.SpaceId)).ToListAsync(ct);
        if (reservations.Count == 0)
        {
            return 0;
        }

        // A capped zone is judged as a whole: the bookings of its other spaces count against the cap too.
        var cappedZones = await db.Spaces.Where(s => spaceIds.Contains(s.Id) && s.ZoneId != null && db.Zones.Any(z => z.Id == s.ZoneId && z.BookingCap != null))
            .Select(s => s.ZoneId!.Value).Distinct().ToListAsync(ct);
        if (cappedZones.Count > 0)
        {
            var zoneSpaces = db.Spaces.Where(s => s.ZoneId != null && cappedZones.Contains(s.ZoneId.Value)).Select(s => s.Id);
            reservations = reservations.Union(await Future(db, nowUtc).Where(r => zoneSpaces.Contains(r.SpaceId)).ToListAsync(ct)).ToList();
        }

        var ids = reservations.Select(r => r.SpaceId).Distinct().ToList();
        var spaces = await SpaceFacts.LoadAsync(db, db.Spaces.Where(s => ids.Contains(s.Id)), ct);
        var people = reservations.Select(r => r.ForId).Distinct().ToList();
        var groups = (await db.UserGroupMembers.Where(m => people.Contains(m.EmployeeId)).Select(m => new { m.EmployeeId, m.UserGroupId }).ToListAsync(ct))
            .ToLookup(m => m.EmployeeId, m => m.UserGroupId);
        var overCap = OverCap(reservations, spaces);
        var open = 0;
        foreach (var reservation in reservations)
        {
            var space = spaces[reservation.SpaceId];
            var breaches = BookingRules.Breaches(new BookingCheck(
                reservation.StartsAtUtc, reservation.EndsAtUtc, reservation.StartsAtUtc, space.Policy, space.Site, groups[reservation.ForId].ToHashSet(), 0));
            if (overCap.Contains(reservation.Id))
            {
                breaches |= BookingBreach.ZoneFull;
            }

            var conflicts = breaches & Kinds & ~reservation.AcceptedConflicts & ~reservation.RequestedOverrides;
            if (reservation.OpenConflicts != conflicts)
            {
                reservation.OpenConflicts = conflicts;
            }

            if (conflicts != BookingBreach.None)
            {
                open++;
            }
        }

        return open;
    }

    private static IQueryable<Reservation> Future(AdminDbContext db, DateTime nowUtc) =>
        db.Reservations.Where(r => r.EndsAtUtc > nowUtc
            && (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn || r.Status == ReservationStatus.AwaitingApproval));

    /// <summary>
    /// The bookings beyond their zone's cap: in the order they were made, each booking holds its place while fewer
    /// than the cap overlap it; the later ones are over the cap (a booking kept over it by a manager holds its place).
    /// </summary>
    private static HashSet<Guid> OverCap(List<Reservation> reservations, Dictionary<Guid, SpaceFacts> spaces)
    {
        var over = new HashSet<Guid>();
        foreach (var zone in reservations.Where(r => spaces[r.SpaceId] is { ZoneId: not null, Site.ZoneCap: not null }).GroupBy(r => spaces[r.SpaceId].ZoneId!.Value))
        {
            var cap = spaces[zone.First().SpaceId].Site.ZoneCap!.Value;
            var held = new List<Reservation>();
            foreach (var reservation in zone.OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id))
            {
                var overlapping = held.Count(h => h.StartsAtUtc < reservation.EndsAtUtc && h.EndsAtUtc > reservation.StartsAtUtc);
                if (overlapping >= cap && !reservation.AcceptedConflicts.HasFlag(BookingBreach.ZoneFull))
                {
                    over.Add(reservation.Id);
                }
                else
                {
                    held.Add(reservation);
                }
            }
        }

        return over;
    }
}
