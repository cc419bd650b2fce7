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
        | BookingBreach.RestrictedAudience | BookingBreach.SpaceUnavailable;

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

    /// <summary>Re-evaluates the future bookings of these spaces; returns how many now have open conflicts.</summary>
    public static async Task<int> RefreshAsync(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc, CancellationToken ct)
    {
        var reservations = await db.Reservations
            .Where(r => spaceIds.Contains(r.SpaceId) && r.EndsAtUtc > nowUtc
                && (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn || r.Status == ReservationStatus.AwaitingApproval))
            .ToListAsync(ct);
        if (reservations.Count == 0)
        {
            return 0;
        }

        var ids = reservations.Select(r => r.SpaceId).Distinct().ToList();
        var spaces = await SpaceFacts.LoadAsync(db, db.Spaces.Where(s => ids.Contains(s.Id)), ct);
        var people = reservations.Select(r => r.ForId).Distinct().ToList();
        var groups = (await db.UserGroupMembers.Where(m => people.Contains(m.EmployeeId)).Select(m => new { m.EmployeeId, m.UserGroupId }).ToListAsync(ct))
            .ToLookup(m => m.EmployeeId, m => m.UserGroupId);
        var open = 0;
        foreach (var reservation in reservations)
        {
            var space = spaces[reservation.SpaceId];
            var breaches = BookingRules.Breaches(new BookingCheck(
                reservation.StartsAtUtc, reservation.EndsAtUtc, reservation.StartsAtUtc, space.Policy, space.Site, groups[reservation.ForId].ToHashSet(), 0));
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
}
