using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>Why an item is in the arbitration queue.</summary>
public enum QueueItemKind
{
    /// <summary>The rules of the space require approval.</summary>
    Approval,

    /// <summary>The booker asked for a rule to be waived.</summary>
    OverrideRequest,

    /// <summary>A change elsewhere (a space disabled, a rule tightened) put an existing booking in breach.</summary>
    Conflict,
}

public enum Decision
{
    Approve,
    Reject,

    /// <summary>Keep a conflicting booking as it is (an override: a reason is required).</summary>
    Keep,

    /// <summary>Move a conflicting booking to another space at the same times.</summary>
    Move,
    Cancel,
}

public sealed record QueueItem(
    Guid Id,
    QueueItemKind Kind,
    Guid SpaceId,
    string Space,
    string Floor,
    string Building,
    DateTime LocalStart,
    DateTime LocalEnd,
    string For,
    string? Holder,
    ReservationStatus Status,
    IReadOnlyList<OperationError> Why,
    string? RequestReason,
    Guid Version);

public sealed record QueueFilter(QueueItemKind? Kind = null, Guid? BuildingId = null, string? Search = null, int Page = 0, int PageSize = 50);

public sealed record ArbitrationQueue(IReadOnlyList<QueueItem> Items, int Total, IReadOnlyDictionary<QueueItemKind, int> Counts);

/// <summary>
/// The space manager's queue: every booking in their areas that needs a decision, and the decisions that settle it.
/// A decided item leaves every manager's queue at once; a second decision on it is refused, naming who decided.
/// </summary>
public sealed class ArbitrationService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<ArbitrationQueue> QueueAsync(QueueFilter filter, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ArbitrateReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = Open(scope.Decidable(db), now);
        if (filter.BuildingId is { } buildingId)
        {
            open = open.Where(r => db.Spaces.Any(s => s.Id == r.SpaceId && db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == buildingId)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var folded = Names.Fold(filter.Search);
            open = open.Where(r => db.Employees.Any(e => (e.Id == r.HolderId || e.Id == r.BeneficiaryId) && e.SearchText.Contains(folded))
                || db.Spaces.Any(s => s.Id == r.SpaceId && s.Name.Contains(filter.Search.Trim())));
        }

        var counts = await open
            .GroupBy(r => r.OpenConflicts != BookingBreach.None ? QueueItemKind.Conflict : r.RequestedOverrides != BookingBreach.None ? QueueItemKind.OverrideRequest : QueueItemKind.Approval)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var selected = filter.Kind switch
        {
            QueueItemKind.Conflict => open.Where(r => r.OpenConflicts != BookingBreach.None),
            QueueItemKind.OverrideRequest => open.Where(r => r.OpenConflicts == BookingBreach.None && r.RequestedOverrides != BookingBreach.None),
            QueueItemKind.Approval => open.Where(r => r.OpenConflicts == BookingBreach.None && r.RequestedOverrides == BookingBreach.None),
            _ => open,
        };
        var page = await selected.OrderBy(r => r.StartsAtUtc).ThenBy(r => r.Id).Skip(filter.Page * filter.PageSize).Take(Math.Clamp(filter.PageSize, 1, 200))
            .AsNoTracking()
            .Select(r => new
            {
                r.Id, r.SpaceId, r.StartsAtUtc, r.EndsAtUtc, r.Status, r.RequestedOverrides, r.OpenConflicts, r.RequestReason, r.Version,
                For = db.Employees.Where(e => e.Id == (r.BeneficiaryId ?? r.HolderId)).Select(e => e.FirstName + " " + e.LastName).First(),
                Holder = r.BeneficiaryId == null ? null : db.Employees.Where(e => e.Id == r.HolderId).Select(e => e.FirstName + " " + e.LastName).First(),
            })
            .ToListAsync(ct);
        var spaceIds = page.Select(p => p.SpaceId).Distinct().ToList();
        var spaces = await SpaceFacts.LoadAsync(db, db.Spaces.Where(s => spaceIds.Contains(s.Id)), ct);
        var items = page.Select(r =>
        {
            var space = spaces[r.SpaceId];
            var kind = r.OpenConflicts != BookingBreach.None ? QueueItemKind.Conflict : r.RequestedOverrides != BookingBreach.None ? QueueItemKind.OverrideRequest : QueueItemKind.Approval;
            var why = kind switch
            {
                QueueItemKind.Conflict => BookingRules.Each(r.OpenConflicts),
                QueueItemKind.OverrideRequest => BookingRules.Each(r.RequestedOverrides),
                _ => [],
            };
            return new QueueItem(
                r.Id, kind, r.SpaceId, space.Name, space.FloorName, space.BuildingName, BuildingTime.ToLocal(r.StartsAtUtc, space.Site.Zone), BuildingTime.ToLocal(r.EndsAtUtc, space.Site.Zone),
                r.For, r.Holder, r.Status, why.Select(b => new OperationError("", BookingRules.MessageKey(b), BookingRules.Detail(b, space.Policy, space.Site.ZoneCap))).ToList(), r.RequestReason, r.Version);
        }).ToList();
        return new ArbitrationQueue(items, counts.Values.Sum() is var total && filter.Kind is { } k ? counts.GetValueOrDefault(k) : total, counts);
    }

    /// <summary>Equivalent free spaces for a booking at its times: same kind, amenities covered, capacity enough; same zone, then same floor, first.</summary>
    public async Task<IReadOnlyList<SpaceOption>> SuggestAsync(Guid id, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ArbitrateReservations);
        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var reservation = await scope.Decidable(db).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reservation is null)
        {
            return [];
        }

        var current = (await SpaceFacts.LoadAsync(db, reservation.SpaceId, ct))!;
        var candidates = await SpaceFacts.LoadAsync(
            db,
            scope.Places.Spaces(db).Where(s => s.Id != current.Id && s.Kind == current.Kind && s.Capacity >= current.Capacity && (s.Amenities & current.Amenities) == current.Amenities
                && s.IsBookable && s.IsEnabled && db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == current.BuildingId)),
            ct);
        var taken = (await db.Reservations.AsNoTracking()
            .Where(r => Reservation.Holding.Contains(r.Status) && r.StartsAtUtc < reservation.EndsAtUtc && r.EndsAtUtc > reservation.StartsAtUtc && r.StartsAtUtc > reservation.StartsAtUtc - ReservationService.LongestBooking)
            .Select(r => r.SpaceId).ToListAsync(ct)).ToHashSet();
        var groups = await ReservationService.GroupsOfAsync(db, reservation.ForId, ct);
        return candidates.Values
            .Where(s => !taken.Contains(s.Id) && s.Site.Available && s.Policy.IsVisibleTo(groups)
                && (BookingRules.Breaches(new BookingCheck(reservation.StartsAtUtc, reservation.EndsAtUtc, reservation.StartsAtUtc, s.Policy, s.Site, groups, 0)) & ReservationConflicts.Kinds) == BookingBreach.None)
            .OrderByDescending(s => s.ZoneId == current.ZoneId && s.FloorId == current.FloorId)
            .ThenByDescending(s => s.FloorId == current.FloorId)
            .ThenBy(s => Math.Abs(s.FloorLevel - current.FloorLevel))
            .ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(5)
            .Select(s => new SpaceOption(s.Id, s.Name, s.FloorName, s.ZoneName, s.Kind, s.Capacity, s.Amenities, true, []))
            .ToList();
    }

    /// <summary>Settles one item. Reject, keep and cancel need a reason; move needs the space to move to.</summary>
    public async Task<OperationResult> DecideAsync(Guid id, Decision decision, string? reason, Guid? moveToSpaceId = null, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ArbitrateReservations);
        if (decision is Decision.Reject or Decision.Keep or Decision.Cancel && string.IsNullOrWhiteSpace(reason))
        {
            return OperationResult.Fail("Reason", "Arbitration.ReasonRequired");
        }

        if (reason?.Length > 500)
        {
            return OperationResult.Fail("Reason", "Reservation.ReasonTooLong");
        }

        await using var db = await database.OpenAsync();
        var scope = await ReservationScope.ForAsync(db, user, ct);
        var reservation = await scope.Decidable(db).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (reservation is null)
        {
            return OperationResult.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await ApplyAsync(db, scope, user, reservation, decision, reason?.Trim(), moveToSpaceId, now, ct);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return OperationResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another manager decided meanwhile: say who.
            await transaction.RollbackAsync(ct);
            await using var fresh = await database.OpenAsync();
            var settled = await fresh.Reservations.AsNoTracking().SingleAsync(r => r.Id == id, ct);
            return await AlreadyDecidedAsync(fresh, settled, ct);
        }
    }

    /// <summary>Settles a selection with one decision and one reason; returns how many were settled (moves are one by one).</summary>
    public async Task<int> DecideManyAsync(IReadOnlyList<Guid> ids, Decision decision, string? reason, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ArbitrateReservations);
        if (decision == Decision.Move)
        {
            return 0;
        }

        var settled = 0;
        foreach (var id in ids.Distinct())
        {
            if ((await DecideAsync(id, decision, reason, null, ct)).Succeeded)
            {
                settled++;
            }
        }

        return settled;
    }

    // Open items end after now, so they start after now minus the longest booking: the bound lets the start-time index
    // read only the coming weeks instead of every booking the customer ever made.
    private static IQueryable<Reservation> Open(IQueryable<Reservation> reservations, DateTime now) =>
        reservations.Where(r => r.StartsAtUtc > now - ReservationService.LongestBooking && r.EndsAtUtc > now
            && (r.Status == ReservationStatus.AwaitingApproval
                || ((r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn) && r.OpenConflicts != BookingBreach.None)));

    private static async Task<OperationResult> ApplyAsync(AdminDbContext db, ReservationScope scope, UserContext user, Reservation reservation, Decision decision, string? reason, Guid? moveTo, DateTime now, CancellationToken ct)
    {
        var pending = reservation.Status == ReservationStatus.AwaitingApproval && reservation.EndsAtUtc > now;
        var conflicting = Reservation.Holding.Contains(reservation.Status) && reservation.OpenConflicts != BookingBreach.None && reservation.EndsAtUtc > now;
        var open = decision switch
        {
            Decision.Approve or Decision.Reject => pending,
            Decision.Keep or Decision.Move => conflicting,
            _ => pending || conflicting,
        };
        if (!open)
        {
            return await AlreadyDecidedAsync(db, reservation, ct);
        }

        if (decision == Decision.Approve && reservation.RequestedOverrides != BookingBreach.None && string.IsNullOrWhiteSpace(reason))
        {
            return OperationResult.Fail("Reason", "Arbitration.ReasonRequired");
        }

        switch (decision)
        {
            case Decision.Approve:
                reservation.Status = ReservationStatus.Confirmed;
                reservation.AcceptedConflicts |= reservation.RequestedOverrides;
                ReservationNotices.Add(db, reservation, ReservationNoticeKind.Approved, reason ?? "", now);
                await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Confirmed, "", now, ct);
                break;
            case Decision.Reject:
                reservation.Status = ReservationStatus.Rejected;
                ReservationNotices.Add(db, reservation, ReservationNoticeKind.Rejected, reason!, now);
                break;
            case Decision.Keep:
                reservation.AcceptedConflicts |= reservation.OpenConflicts;
                reservation.OpenConflicts = BookingBreach.None;
                break;
            case Decision.Cancel:
                reservation.Status = ReservationStatus.Cancelled;
                reservation.OpenConflicts = BookingBreach.None;
                ReservationNotices.Add(db, reservation, ReservationNoticeKind.Cancelled, reason!, now);
                if (!pending)
                {
                    await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Cancelled, reason!, now, ct);
                }
                break;
            case Decision.Move:
                var target = moveTo is { } targetId ? await SpaceFacts.LoadAsync(db, targetId, ct) : null;
                if (target is null || !scope.CoversSpace(target))
                {
                    return OperationResult.NotFound("MoveTo");
                }

                var groups = await ReservationService.GroupsOfAsync(db, reservation.ForId, ct);
                var status = reservation.Status;
                var placed = await ReservationService.PlaceAsync(db, reservation, target, groups, reservation.StartsAtUtc, reservation.EndsAtUtc, reason ?? "Moved by arbitration", reservation.StartsAtUtc, ct);
                if (!placed.Succeeded)
                {
                    return placed;
                }

                // The manager's move is their decision: waived rules of the new space are accepted, the status kept.
                reservation.AcceptedConflicts = reservation.RequestedOverrides;
                reservation.RequestedOverrides = BookingBreach.None;
                reservation.Status = status == ReservationStatus.CheckedIn ? ReservationStatus.CheckedIn : ReservationStatus.Confirmed;
                reservation.SpaceId = target.Id;
                reservation.OpenConflicts = BookingBreach.None;
                ReservationNotices.Add(db, reservation, ReservationNoticeKind.Moved, $"{target.Name} ({target.FloorName}, {target.BuildingName})", now);
                await ReservationNotices.AddToGuestsAsync(db, reservation, ReservationNoticeKind.Moved, $"{target.Name} ({target.FloorName}, {target.BuildingName})", now, ct);
                break;
        }

        reservation.DecisionReason = reason;
        reservation.DecidedById = user.EmployeeId;
        reservation.DecidedAtUtc = now;
        return OperationResult.Ok;
    }

    private static async Task<OperationResult> AlreadyDecidedAsync(AdminDbContext db, Reservation reservation, CancellationToken ct)
    {
        var by = reservation.DecidedById is { } who
            ? await db.Employees.Where(e => e.Id == who).Select(e => e.FirstName + " " + e.LastName).FirstOrDefaultAsync(ct)
            : null;
        return new OperationResult([new OperationError("", by is null ? "Arbitration.AlreadySettled" : "Arbitration.AlreadyDecided", by)]);
    }
}
