using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Home;

public enum DashboardMetric
{
    ActiveTenants,
    Tenants,
    Buildings,
    Spaces,
    BookableSpaces,
    ActiveEmployees,
    Departments,
    UserGroups,
    ReservationsToday,
    ReservationsNext7Days,
    OpenRightsRequests,
    OverdueRightsRequests,
    AuditEntriesLast7Days,
}

public sealed record DashboardTile(DashboardMetric Metric, int Value, bool NeedsAttention = false);

/// <summary>The home page's figures: real counts, chosen by what the caller may see, limited to their scope.</summary>
public sealed class DashboardService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewDashboard);
        var tiles = new List<DashboardTile>();
        var now = clock.GetUtcNow().UtcDateTime;

        if (user.Can(Capability.ManageTenants))
        {
            await using var platform = database.OpenSystem("console", user.EmployeeId);
            var today = DateOnly.FromDateTime(now);
            var tenants = await platform.Tenants.Where(t => !t.IsOperator).ToListAsync(ct);
            tiles.Add(new(DashboardMetric.ActiveTenants, tenants.Count(t => t.AllowsSignIn(today))));
            tiles.Add(new(DashboardMetric.Tenants, tenants.Count));
        }

        await using var db = await database.OpenAsync();
        // One scope for the place and reservation figures alike.
        var scope = user.Can(Capability.ViewPlaces) || user.Can(Capability.ViewReservations) ? await PlaceScope.ForAsync(db, user, ct) : null;
        if (user.Can(Capability.ViewPlaces) && scope is not null)
        {
            tiles.Add(new(DashboardMetric.Buildings, await scope.Buildings(db).CountAsync(b => !b.IsArchived, ct)));
            tiles.Add(new(DashboardMetric.Spaces, await scope.Spaces(db).CountAsync(s => s.IsEnabled, ct)));
            tiles.Add(new(DashboardMetric.BookableSpaces, await scope.Spaces(db).CountAsync(s => s.IsEnabled && s.IsBookable, ct)));
        }

        if (user.Can(Capability.ViewPeople))
        {
            tiles.Add(new(DashboardMetric.ActiveEmployees, await db.Employees.CountAsync(e => e.Status == EmployeeStatus.Active, ct)));
            tiles.Add(new(DashboardMetric.Departments, await db.Departments.CountAsync(ct)));
            tiles.Add(new(DashboardMetric.UserGroups, await db.UserGroups.CountAsync(ct)));
        }

        if (user.Can(Capability.ViewReservations) && scope is not null)
        {
            var spaces = scope.Spaces(db).Select(s => s.Id);
            var dayStart = now.Date;
            var active = db.Reservations.Where(r => r.Status != ReservationStatus.Cancelled && spaces.Contains(r.SpaceId));
            tiles.Add(new(DashboardMetric.ReservationsToday, await active.CountAsync(r => r.StartsAtUtc >= dayStart && r.StartsAtUtc < dayStart.AddDays(1), ct)));
            tiles.Add(new(DashboardMetric.ReservationsNext7Days, await active.CountAsync(r => r.StartsAtUtc >= now && r.StartsAtUtc < now.AddDays(7), ct)));
        }

        if (user.Can(Capability.ManagePrivacy) || user.Can(Capability.ViewAudit))
        {
            var open = db.RightsRequests.Where(r => RightsRequest.OpenStatuses.Contains(r.Status));
            tiles.Add(new(DashboardMetric.OpenRightsRequests, await open.CountAsync(ct)));
            var overdue = await open.CountAsync(r => r.PausedSinceUtc == null && r.DueAtUtc < now, ct);
            tiles.Add(new(DashboardMetric.OverdueRightsRequests, overdue, overdue > 0));
        }

        if (user.Can(Capability.ViewAudit))
        {
            var since = now.AddDays(-7);
            tiles.Add(new(DashboardMetric.AuditEntriesLast7Days, await db.AuditEntries.CountAsync(a => a.OccurredAtUtc >= since, ct)));
        }

        return tiles;
    }
}
