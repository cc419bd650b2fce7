using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Components.Layout;

public sealed record NavItem(string TitleKey, string Href, Capability Capability, string Icon);

public sealed record NavGroup(string TitleKey, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>
/// The drawer's areas and pages. Each item names the capability its page demands, so the drawer shows only what
/// the server would let the caller open (a test checks that each item's page demands the same policy).
/// Areas whose pages are not built yet have no items and are not shown.
/// </summary>
public static class NavigationCatalog
{
    public static IReadOnlyList<NavGroup> Groups { get; } =
    [
        new("Nav.Places", MudBlazor.Icons.Material.Outlined.Apartment,
        [
            new("Nav.Buildings", "/places/buildings", Capability.ViewPlaces, MudBlazor.Icons.Material.Outlined.Business),
            new("Nav.Beacons", "/places/beacons", Capability.ViewPlaces, MudBlazor.Icons.Material.Outlined.BluetoothSearching),
            new("Nav.SpaceImport", "/places/import", Capability.ManagePlaces, MudBlazor.Icons.Material.Outlined.UploadFile),
        ]),
        new("Nav.People", MudBlazor.Icons.Material.Outlined.People,
        [
            new("Nav.Employees", "/people/employees", Capability.ViewPeople, MudBlazor.Icons.Material.Outlined.Badge),
            new("Nav.Lists", "/people/lists", Capability.ViewPeople, MudBlazor.Icons.Material.Outlined.Groups),
            new("Nav.Import", "/people/import", Capability.ManagePeople, MudBlazor.Icons.Material.Outlined.UploadFile),
        ]),
        new("Nav.Reservations", MudBlazor.Icons.Material.Outlined.EventSeat,
        [
            new("Nav.Bookings", "/reservations", Capability.ViewReservations, MudBlazor.Icons.Material.Outlined.ViewTimeline),
            new("Nav.Arbitration", "/reservations/queue", Capability.ArbitrateReservations, MudBlazor.Icons.Material.Outlined.Gavel),
        ]),
        new("Nav.Occupancy", MudBlazor.Icons.Material.Outlined.Sensors,
        [
            new("Nav.LiveOccupancy", "/occupancy", Capability.ViewOccupancy, MudBlazor.Icons.Material.Outlined.Sensors),
            new("Nav.Colleagues", "/occupancy/colleagues", Capability.ViewOccupancy, MudBlazor.Icons.Material.Outlined.PersonSearch),
        ]),
        new("Nav.Analytics", MudBlazor.Icons.Material.Outlined.Insights,
        [
            new("Nav.OccupancyAnalytics", "/analytics", Capability.ViewAnalytics, MudBlazor.Icons.Material.Outlined.Insights),
        ]),
        new("Nav.Privacy", MudBlazor.Icons.Material.Outlined.Shield,
        [
            new("Nav.RightsRequests", "/privacy/requests", Capability.HandleRightsRequests, MudBlazor.Icons.Material.Outlined.AssignmentInd),
            new("Nav.ProcessingRecords", "/privacy/records", Capability.HandleRightsRequests, MudBlazor.Icons.Material.Outlined.MenuBook),
            new("Nav.Retention", "/privacy/retention", Capability.HandleRightsRequests, MudBlazor.Icons.Material.Outlined.AutoDelete),
            new("Nav.AuditTrail", "/privacy/audit", Capability.ViewAudit, MudBlazor.Icons.Material.Outlined.FactCheck),
        ]),
        new("Nav.Settings", MudBlazor.Icons.Material.Outlined.Settings,
        [
            new("Nav.Tenants", "/settings/tenants", Capability.ManageTenants, MudBlazor.Icons.Material.Outlined.Domain),
            new("Nav.Notices", "/settings/notices", Capability.ManageSettings, MudBlazor.Icons.Material.Outlined.MarkEmailRead),
            new("Nav.Keys", "/settings/keys", Capability.ManageSettings, MudBlazor.Icons.Material.Outlined.Key),
        ]),
    ];

    /// <summary>The groups and items the user may open; empty groups are left out.</summary>
    public static IReadOnlyList<NavGroup> For(UserContext user) =>
        Groups.Select(g => g with { Items = g.Items.Where(i => user.Can(i.Capability)).ToList() })
            .Where(g => g.Items.Count > 0)
            .ToList();
}
