using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Places.Booking;

/// <summary>Reads and sets booking rules at each level, and tells what applies to a space and where it comes from.</summary>
public sealed class BookingPolicyService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<BookingPolicy> GetAsync(PolicyLevel level, Guid targetId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var visible = level switch
        {
            PolicyLevel.Building => scope.CanSeeBuilding(targetId),
            PolicyLevel.Floor => await scope.Floors(db).AnyAsync(f => f.Id == targetId, ct),
            PolicyLevel.Zone => scope.Unlimited || scope.ZoneIds.Contains(targetId) || await db.Zones.AnyAsync(z => z.Id == targetId && scope.FloorIds.Contains(z.FloorId), ct),
            PolicyLevel.Space => await scope.Spaces(db).AnyAsync(s => s.Id == targetId, ct),
            _ => false,
        };
        if (!visible)
        {
            throw new AccessDeniedException(Capability.ViewPlaces);
        }

        return await db.BookingPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Level == level && p.TargetId == targetId, ct)
            ?? new BookingPolicy { Level = level, TargetId = targetId };
    }

    /// <summary>The user groups a rule may name: places managers need them without seeing the people in them.</summary>
    public async Task<IReadOnlyList<Features.People.NamedItem>> GroupsAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        return await db.UserGroups.OrderBy(g => g.Name).Select(g => new Features.People.NamedItem(g.Id, g.Name)).ToListAsync(ct);
    }

    public async Task<OperationResult> SaveAsync(BookingPolicy rules, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePlaces);
        var problems = PolicyResolver.Validate(rules);
        if (problems.Count > 0)
        {
            return new OperationResult(problems.Select(p => new OperationError("", p)).ToList());
        }

        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var allowed = rules.Level switch
        {
            PolicyLevel.Building => await db.Buildings.AnyAsync(b => b.Id == rules.TargetId, ct) && scope.CanEditBuilding(rules.TargetId),
            PolicyLevel.Floor => await db.Floors.AnyAsync(f => f.Id == rules.TargetId, ct) && scope.CanEditFloor(rules.TargetId),
            PolicyLevel.Zone => await db.Zones.Where(z => z.Id == rules.TargetId).Select(z => z.FloorId).ToListAsync(ct) is [var floor] && scope.CanEditSpace(floor, rules.TargetId),
            PolicyLevel.Space => await db.Spaces.Where(s => s.Id == rules.TargetId).Select(s => new { s.FloorId, s.ZoneId }).ToListAsync(ct) is [var s] && scope.CanEditSpace(s.FloorId, s.ZoneId),
            _ => false,
        };
        var groups = rules.AudienceGroupIds.Distinct().ToList();
        if (!allowed || await db.UserGroups.CountAsync(g => groups.Contains(g.Id), ct) != groups.Count)
        {
            throw new AccessDeniedException(Capability.ManagePlaces);
        }

        var stored = await db.BookingPolicies.SingleOrDefaultAsync(p => p.Level == rules.Level && p.TargetId == rules.TargetId, ct);
        if (stored is null)
        {
            stored = new BookingPolicy { Level = rules.Level, TargetId = rules.TargetId };
            db.BookingPolicies.Add(stored);
        }
        else if (rules.Id == stored.Id)
        {
            // The rules were read from this row: refuse the save if someone changed them meanwhile.
            db.Entry(stored).Property(p => p.Version).OriginalValue = rules.Version;
        }

        stored.MinDurationMinutes = rules.MinDurationMinutes;
        stored.MaxDurationMinutes = rules.MaxDurationMinutes;
        stored.MaxDaysAhead = rules.MaxDaysAhead;
        stored.CheckInWindowMinutes = rules.CheckInWindowMinutes;
        stored.AutoReleaseAfterMinutes = rules.AutoReleaseAfterMinutes;
        stored.RequiresApproval = rules.RequiresApproval;
        stored.MaxConcurrentBookingsPerPerson = rules.MaxConcurrentBookingsPerPerson;
        stored.Audience = rules.Audience;
        stored.AudienceGroupIds = rules.Audience is null or BookingAudience.Everyone ? [] : groups;
        try
        {
            // A tightened rule may put future bookings in conflict: they are marked for the arbitration queue in the same save.
            var target = rules.TargetId;
            var spaces = rules.Level switch
            {
                PolicyLevel.Building => db.Spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == target)),
                PolicyLevel.Floor => db.Spaces.Where(s => s.FloorId == target),
                PolicyLevel.Zone => db.Spaces.Where(s => s.ZoneId == target),
                _ => db.Spaces.Where(s => s.Id == target),
            };
            await Reservations.ReservationConflicts.SaveAsync(db, spaces.Select(s => s.Id), clock.GetUtcNow().UtcDateTime, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Concurrency.Conflict;
        }

        return OperationResult.Ok;
    }

    /// <summary>The effective rules of a space: its own, its zone's, its floor's, its building's, then the defaults.</summary>
    public async Task<EffectivePolicy?> EffectiveForSpaceAsync(Guid spaceId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewPlaces);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var space = await scope.Spaces(db).AsNoTracking().Where(s => s.Id == spaceId)
            .Select(s => new { s.Id, s.ZoneId, s.FloorId, BuildingId = db.Floors.Where(f => f.Id == s.FloorId).Select(f => f.BuildingId).First() })
            .SingleOrDefaultAsync(ct);
        if (space is null)
        {
            return null;
        }

        var targets = new[] { space.Id, space.FloorId, space.BuildingId, space.ZoneId ?? Guid.Empty };
        var chain = await db.BookingPolicies.AsNoTracking().Where(p => targets.Contains(p.TargetId)).ToListAsync(ct);
        return PolicyResolver.Resolve(chain.Where(p =>
            (p.Level == PolicyLevel.Space && p.TargetId == space.Id) || (p.Level == PolicyLevel.Zone && p.TargetId == space.ZoneId)
            || (p.Level == PolicyLevel.Floor && p.TargetId == space.FloorId) || (p.Level == PolicyLevel.Building && p.TargetId == space.BuildingId)));
    }
}
