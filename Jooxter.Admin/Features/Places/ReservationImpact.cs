using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places;

/// <summary>What to do with future reservations of a place being disabled or archived.</summary>
public enum ImpactDecision
{
    Keep,
    CancelWithNotice,
}

public sealed record AffectedReservation(Guid Id, string Space, DateTime StartsAtUtc, DateTime EndsAtUtc, string Holder);

/// <summary>What a reservation notice tells its recipient.</summary>
public enum ReservationNoticeKind
{
    Cancelled,
    Confirmed,
    Changed,
    Rejected,
    Approved,
    AwaitingApproval,
    Released,
    Moved,
}

/// <summary>
/// A notice owed about a reservation, written in the same transaction as the change it reports (the outbox); the
/// sender delivers it. The recipient is the person the booking is for unless named (an approver, a guest).
/// The reservation's own change is what the audit trail records; the outbox's delivery bookkeeping is not audited.
/// </summary>
[NotAudited]
public sealed class ReservationNotice : TenantEntity, Shared.IOutboxMessage
{
    public Guid ReservationId { get; set; }

    public ReservationNoticeKind Kind { get; set; } = ReservationNoticeKind.Cancelled;

    /// <summary>The employee told; null for the person the booking is for (or for an external guest).</summary>
    public Guid? RecipientId { get; set; }

    /// <summary>The external guest told, when the notice goes to one.</summary>
    public Guid? GuestId { get; set; }

    public required string Reason { get; set; }

    public DateTime QueuedAtUtc { get; set; }

    public Features.People.Import.NotificationStatus Status { get; set; } = Features.People.Import.NotificationStatus.Pending;

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not tried again before this time (the back-off after a failure); null to send at once.</summary>
    public DateTime? NextAttemptAtUtc { get; set; }

    /// <summary>A sender is delivering it until this time; another instance leaves it alone meanwhile.</summary>
    public DateTime? ClaimedUntilUtc { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>The SMTP server's last refusal; may name the address.</summary>
    [PersonalData(PersonalDataCategory.Contact)]
    public string? LastError { get; set; }
}

/// <summary>Finds and settles the future reservations of spaces about to be disabled or archived: nothing is silently lost.</summary>
public static class ReservationImpact
{
    public static IQueryable<Reservation> Future(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc) =>
        db.Reservations.Where(r => spaceIds.Contains(r.SpaceId) && r.EndsAtUtc > nowUtc && (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn));

    public static Task<List<AffectedReservation>> ListAsync(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc, CancellationToken ct) =>
        Future(db, spaceIds, nowUtc)
            .OrderBy(r => r.StartsAtUtc)
            .Select(r => new AffectedReservation(
                r.Id,
                db.Spaces.Where(s => s.Id == r.SpaceId).Select(s => s.Name).First(),
                r.StartsAtUtc,
                r.EndsAtUtc,
                db.Employees.Where(e => e.Id == r.HolderId).Select(e => e.FirstName + " " + e.LastName).First()))
            .Take(500)
            .ToListAsync(ct);

    /// <summary>Cancels them, each with a queued notice, in the caller's unit of work (saved with the archive itself).</summary>
    public static async Task<int> CancelAsync(AdminDbContext db, IQueryable<Guid> spaceIds, DateTime nowUtc, string reason, CancellationToken ct)
    {
        var reservations = await Future(db, spaceIds, nowUtc).ToListAsync(ct);
        foreach (var reservation in reservations)
        {
            reservation.Status = ReservationStatus.Cancelled;
            db.ReservationNotices.Add(new ReservationNotice { ReservationId = reservation.Id, Reason = reason, QueuedAtUtc = nowUtc });
            await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Cancelled, reason, nowUtc, ct);
        }

        return reservations.Count;
    }
}
