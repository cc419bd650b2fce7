using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>
/// Releases the confirmed bookings nobody checked in within their space's auto-release delay (a no-show: the slot is
/// freed and the person told), and rejects the bookings still awaiting approval when they start. Each booking is
/// claimed through its concurrency stamp: when two console instances sweep at once, one of them changes it and the
/// other's save is refused, so a booking is never released twice and its notice is written once.
/// </summary>
public sealed partial class ReservationSweeper(AdminDatabase database, ILogger<ReservationSweeper> logger)
{
    public sealed record Outcome(int Released, int Expired);

    public async Task<Outcome> SweepAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        List<Guid> tenants;
        await using (var system = database.OpenSystem("system:reservation-sweeper"))
        {
            var earliest = nowUtc - ReservationService.LongestBooking;
            tenants = await system.Reservations.IgnoreQueryFilters()
                .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.AwaitingApproval) && r.StartsAtUtc <= nowUtc && r.StartsAtUtc > earliest)
                .Select(r => r.TenantId).Distinct().ToListAsync(ct);
        }

        var released = 0;
        var expired = 0;
        foreach (var tenant in tenants)
        {
            var (r, e) = await SweepTenantAsync(tenant, nowUtc, ct);
            released += r;
            expired += e;
        }

        return new Outcome(released, expired);
    }

    private async Task<(int Released, int Expired)> SweepTenantAsync(Guid tenantId, DateTime now, CancellationToken ct)
    {
        List<(Guid Id, Guid SpaceId, DateTime Start, ReservationStatus Status)> candidates;
        Dictionary<Guid, SpaceFacts> spaces;
        await using (var db = database.OpenForTenant(tenantId, null, "system:reservation-sweeper"))
        {
            var earliest = now - ReservationService.LongestBooking;
            candidates = (await db.Reservations.AsNoTracking()
                    .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.AwaitingApproval) && r.StartsAtUtc <= now && r.StartsAtUtc > earliest)
                    .Select(r => new { r.Id, r.SpaceId, r.StartsAtUtc, r.Status })
                    .ToListAsync(ct))
                .Select(r => (r.Id, r.SpaceId, r.StartsAtUtc, r.Status)).ToList();
            var ids = candidates.Select(c => c.SpaceId).Distinct().ToList();
            spaces = await SpaceFacts.LoadAsync(db, db.Spaces.Where(s => ids.Contains(s.Id)), ct);
        }

        var released = 0;
        var expired = 0;
        foreach (var candidate in candidates)
        {
            var expire = candidate.Status == ReservationStatus.AwaitingApproval;
            if (!expire && (spaces[candidate.SpaceId].Policy.AutoReleaseAfterMinutes.Value is not { } delay || now < candidate.Start.AddMinutes(delay)))
            {
                continue;
            }

            if (await ClaimAsync(tenantId, candidate.Id, candidate.Status, expire, now, ct))
            {
                if (expire) expired++;
                else released++;
            }
        }

        return (released, expired);
    }

    /// <summary>Changes one booking if it is still as read; false when another sweeper (or a person) got there first.</summary>
    private async Task<bool> ClaimAsync(Guid tenantId, Guid id, ReservationStatus expected, bool expire, DateTime now, CancellationToken ct)
    {
        await using var db = database.OpenForTenant(tenantId, null, "system:reservation-sweeper");
        var reservation = await db.Reservations.SingleOrDefaultAsync(r => r.Id == id && r.Status == expected, ct);
        if (reservation is null)
        {
            return false;
        }

        reservation.Status = expire ? ReservationStatus.Rejected : ReservationStatus.Released;
        reservation.DecidedAtUtc = now;
        reservation.DecisionReason = expire ? "Expired unanswered" : "No check-in";
        ReservationNotices.Add(db, reservation, expire ? ReservationNoticeKind.Rejected : ReservationNoticeKind.Released, reservation.DecisionReason, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLost(logger, id);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reservation {Id} was settled by another sweeper")]
    private static partial void LogLost(ILogger logger, Guid id);
}

/// <summary>Sweeps every 30 seconds on the server's clock; every instance may run it, the claim keeps it exactly-once.</summary>
public sealed class ReservationSweepJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ReservationSweepJob> logger) : Shared.PeriodicJob(scopes, clock, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    protected override TimeSpan Interval => Every;

    protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct) =>
        services.GetRequiredService<ReservationSweeper>().SweepAsync(nowUtc, ct);
}
