using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Features.Reservations;

/// <summary>
/// The bookings a caller may see and act on: everything for unscoped roles; for a space manager, the bookings of the
/// spaces in their areas and the bookings of the people in their groups. Decisions that belong to the place (approving,
/// settling a conflict) need the area: approvers are the managers whose scope covers the space.
/// </summary>
/// <remarks>
/// An assistant sees every bookable space (to find a free one) but only the bookings of the people of their groups and
/// their own, books only for those people, and decides nothing.
/// </remarks>
public sealed record ReservationScope(PlaceScope Places, IReadOnlySet<Guid> GroupIds, Guid? AssistantId = null)
{
    public static async Task<ReservationScope> ForAsync(AdminDbContext db, UserContext user, CancellationToken ct)
    {
        var groups = user.IsScopedToAreas || user.IsAssistantOnly ? user.Scopes.Where(s => s.Kind == ScopeKind.UserGroup).Select(s => s.Id).ToHashSet() : new HashSet<Guid>();
        return user.IsAssistantOnly
            ? new(await PlaceScope.ForAsync(db, user, ct), groups, user.EmployeeId)
            : new(await PlaceScope.ForAsync(db, user, ct), groups);
    }

    public bool Unlimited => Places.Unlimited && AssistantId is null;

    public IQueryable<Reservation> Reservations(AdminDbContext db)
    {
        if (AssistantId is { } self)
        {
            var people = GroupIds;
            return db.Reservations.Where(r => r.HolderId == self || r.BeneficiaryId == self
                || db.UserGroupMembers.Any(m => people.Contains(m.UserGroupId) && (m.EmployeeId == r.BeneficiaryId || (r.BeneficiaryId == null && m.EmployeeId == r.HolderId))));
        }

        if (Unlimited)
        {
            return db.Reservations;
        }

        var spaces = Places.Spaces(db).Select(s => s.Id);
        var groups = GroupIds;
        return db.Reservations.Where(r => spaces.Contains(r.SpaceId)
            || db.UserGroupMembers.Any(m => groups.Contains(m.UserGroupId) && (m.EmployeeId == r.BeneficiaryId || (r.BeneficiaryId == null && m.EmployeeId == r.HolderId))));
    }

    /// <summary>Bookings the caller decides on as a place's manager: those of the spaces in their areas.</summary>
    public IQueryable<Reservation> Decidable(AdminDbContext db)
    {
        if (AssistantId is not null)
        {
            return db.Reservations.Where(r => false);
        }

        if (Unlimited)
        {
            return db.Reservations;
        }

        var spaces = Places.Spaces(db).Select(s => s.Id);
        return db.Reservations.Where(r => spaces.Contains(r.SpaceId));
    }

    public bool CoversSpace(SpaceFacts space) => AssistantId is null && Places.CanEditSpace(space.FloorId, space.ZoneId);

    /// <summary>
    /// Whether the caller may book this space for this person: a space of their areas for anyone, any space for people
    /// of their groups; an assistant also for themself.
    /// </summary>
    public bool MayBook(SpaceFacts space, Guid forId, IReadOnlySet<Guid> beneficiaryGroups) =>
        CoversSpace(space) || GroupIds.Overlaps(beneficiaryGroups) || (AssistantId is { } self && self == forId);
}
