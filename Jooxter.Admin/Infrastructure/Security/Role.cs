namespace Jooxter.Admin.Infrastructure.Security;

public enum Role
{
    /// <summary>Jooxter staff who manage customer companies (tenants).</summary>
    PlatformOperator,
    TenantAdministrator,
    FacilityManager,
    HrAdministrator,
    DataProtectionOfficer,
    /// <summary>Supervises some areas or groups of collaborators; scoped.</summary>
    SpaceManager,
    /// <summary>Reads everything of the tenant, changes nothing.</summary>
    Auditor,

    /// <summary>Books desks and rooms for the people of some user groups (a team's assistant, a manager); scoped to those groups.</summary>
    Assistant,
}

/// <summary>What a caller may do. Pages, endpoints and services all ask for a capability, never for a role.</summary>
public enum Capability
{
    ManageTenants,
    ViewDashboard,
    ViewPlaces,
    ManagePlaces,
    ViewPeople,
    ManagePeople,
    ViewReservations,
    ArbitrateReservations,
    ViewOccupancy,
    ViewAnalytics,
    ManagePrivacy,

    /// <summary>Open the rights-request register: DPOs always; administrators only where their customer allows it (checked by the register's services).</summary>
    HandleRightsRequests,
    ViewAudit,
    ManageSettings,

    /// <summary>Make, change, cancel and check in bookings for others (within the caller's scope).</summary>
    BookOnBehalf,
}

/// <summary>The single table of who may do what; authorization policies and service checks are both built from it.</summary>
public static class Capabilities
{
    private static readonly Dictionary<Capability, Role[]> Grants = new()
    {
        [Capability.ManageTenants] = [Role.PlatformOperator],
        [Capability.ViewDashboard] = [Role.PlatformOperator, Role.TenantAdministrator, Role.FacilityManager, Role.HrAdministrator, Role.DataProtectionOfficer, Role.SpaceManager, Role.Auditor, Role.Assistant],
        [Capability.ViewPlaces] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager, Role.Auditor],
        [Capability.ManagePlaces] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager],
        [Capability.ViewPeople] = [Role.TenantAdministrator, Role.HrAdministrator, Role.DataProtectionOfficer, Role.Auditor],
        [Capability.ManagePeople] = [Role.TenantAdministrator, Role.HrAdministrator],
        [Capability.ViewReservations] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager, Role.Auditor, Role.Assistant],
        [Capability.ArbitrateReservations] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager],
        [Capability.ViewOccupancy] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager],
        [Capability.ViewAnalytics] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager, Role.Auditor],
        [Capability.ManagePrivacy] = [Role.DataProtectionOfficer],
        [Capability.HandleRightsRequests] = [Role.DataProtectionOfficer, Role.TenantAdministrator],
        [Capability.ViewAudit] = [Role.TenantAdministrator, Role.DataProtectionOfficer, Role.Auditor],
        [Capability.ManageSettings] = [Role.TenantAdministrator],
        [Capability.BookOnBehalf] = [Role.TenantAdministrator, Role.FacilityManager, Role.SpaceManager, Role.Assistant],
    };

    public static IReadOnlyList<Role> RolesFor(Capability capability) => Grants[capability];

    public static bool Allows(Capability capability, IEnumerable<Role> roles) => roles.Any(Grants[capability].Contains);

    /// <summary>Policy name used with <c>[Authorize(Policy = ...)]</c>.</summary>
    public static string Policy(Capability capability) => $"cap:{capability}";
}

/// <summary>Policy names as constants, for attributes.</summary>
public static class Policies
{
    public const string ManageTenants = "cap:ManageTenants";
    public const string ViewDashboard = "cap:ViewDashboard";
    public const string ViewPlaces = "cap:ViewPlaces";
    public const string ManagePlaces = "cap:ManagePlaces";
    public const string ViewPeople = "cap:ViewPeople";
    public const string ManagePeople = "cap:ManagePeople";
    public const string ViewReservations = "cap:ViewReservations";
    public const string ArbitrateReservations = "cap:ArbitrateReservations";
    public const string ViewOccupancy = "cap:ViewOccupancy";
    public const string ViewAnalytics = "cap:ViewAnalytics";
    public const string ManagePrivacy = "cap:ManagePrivacy";
    public const string HandleRightsRequests = "cap:HandleRightsRequests";
    public const string ViewAudit = "cap:ViewAudit";
    public const string ManageSettings = "cap:ManageSettings";
    public const string BookOnBehalf = "cap:BookOnBehalf";
}
