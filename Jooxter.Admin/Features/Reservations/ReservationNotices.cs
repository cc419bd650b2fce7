using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>Writes the notices a reservation change owes, into the caller's unit of work (the outbox: saved with the change or not at all).</summary>
public static class ReservationNotices
{
    public static void Add(AdminDbContext db, Reservation reservation, ReservationNoticeKind kind, string reason, DateTime nowUtc, Guid? recipientId = null) =>
        db.ReservationNotices.Add(new ReservationNotice
        {
            ReservationId = reservation.Id,
            Kind = kind,
            RecipientId = recipientId,
            Reason = reason.Length > 500 ? reason[..500] : reason,
            QueuedAtUtc = nowUtc,
        });

    /// <summary>
    /// Tells the guests of a booking: colleagues as employees, external guests at their e-mail (their calendars follow
    /// the booking too). <paramref name="guests"/> are those not saved yet, when the booking is being made.
    /// </summary>
    public static async Task AddToGuestsAsync(AdminDbContext db, Reservation reservation, ReservationNoticeKind kind, string reason, DateTime nowUtc, CancellationToken ct, IEnumerable<ReservationGuest>? guests = null)
    {
        var list = guests?.ToList() ?? await db.ReservationGuests.Where(g => g.ReservationId == reservation.Id).ToListAsync(ct);
        foreach (var guest in list)
        {
            db.ReservationNotices.Add(new ReservationNotice
            {
                ReservationId = reservation.Id,
                Kind = kind,
                RecipientId = guest.EmployeeId,
                GuestId = guest.EmployeeId is null ? guest.Id : null,
                Reason = reason.Length > 500 ? reason[..500] : reason,
                QueuedAtUtc = nowUtc,
            });
        }
    }

    /// <summary>Tells the approvers of a space that a booking awaits them: the space managers whose areas cover it, else the administrators.</summary>
    public static async Task AddToApproversAsync(AdminDbContext db, Reservation reservation, SpaceFacts space, DateTime nowUtc, CancellationToken ct)
    {
        var approvers = await Approvers(db, space).ToListAsync(ct);
        if (approvers.Count == 0)
        {
            approvers = await db.RoleAssignments.Where(a => a.Role == Role.TenantAdministrator).Select(a => a.EmployeeId).Distinct().ToListAsync(ct);
        }

        foreach (var approver in approvers)
        {
            Add(db, reservation, ReservationNoticeKind.AwaitingApproval, "", nowUtc, approver);
        }
    }

    /// <summary>The active space managers whose scope covers the space.</summary>
    public static IQueryable<Guid> Approvers(AdminDbContext db, SpaceFacts space) =>
        db.RoleAssignments
            .Where(a => a.Role == Role.SpaceManager
                && ((a.ScopeKind == ScopeKind.Building && a.ScopeId == space.BuildingId)
                    || (a.ScopeKind == ScopeKind.Floor && a.ScopeId == space.FloorId)
                    || (space.ZoneId != null && a.ScopeKind == ScopeKind.Zone && a.ScopeId == space.ZoneId)))
            .Where(a => db.Employees.Any(e => e.Id == a.EmployeeId && e.Status == EmployeeStatus.Active))
            .Select(a => a.EmployeeId)
            .Distinct();
}
