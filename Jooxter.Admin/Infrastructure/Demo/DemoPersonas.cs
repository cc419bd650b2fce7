using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Infrastructure.Demo;

public sealed record DemoPersona(string Email, string FirstName, string LastName, Role Role, string TenantSlug);

/// <summary>One seeded persona per role, offered by the demo sign-in page.</summary>
public static class DemoPersonas
{
    public const string DemoTenant = "demo";
    public const string OperatorTenant = "jooxter";
    public const string OtherTenant = "acme";

    public static readonly DemoPersona Operator = new("operator@jooxter.test", "Olivia", "Operator", Role.PlatformOperator, OperatorTenant);
    public static readonly DemoPersona TenantAdmin = new("admin@demo.jooxter.test", "Alice", "Martin", Role.TenantAdministrator, DemoTenant);
    public static readonly DemoPersona FacilityManager = new("facilities@demo.jooxter.test", "Fabien", "Moreau", Role.FacilityManager, DemoTenant);
    public static readonly DemoPersona HrAdmin = new("hr@demo.jooxter.test", "Hélène", "Dubois", Role.HrAdministrator, DemoTenant);
    public static readonly DemoPersona Dpo = new("dpo@demo.jooxter.test", "Damien", "Leroy", Role.DataProtectionOfficer, DemoTenant);
    public static readonly DemoPersona SpaceManager = new("spaces@demo.jooxter.test", "Sophie", "Bernard", Role.SpaceManager, DemoTenant);
    public static readonly DemoPersona Auditor = new("auditor@demo.jooxter.test", "Antoine", "Petit", Role.Auditor, DemoTenant);
    public static readonly DemoPersona Assistant = new("assistant@demo.jooxter.test", "Agathe", "Lambert", Role.Assistant, DemoTenant);
    public static readonly DemoPersona OtherCustomerAdmin = new("admin@acme.test", "Carla", "Nguyen", Role.TenantAdministrator, OtherTenant);

    /// <summary>Has a role but is deactivated: must be refused.</summary>
    public static readonly DemoPersona Deactivated = new("former@demo.jooxter.test", "Fanny", "Ancienne", Role.FacilityManager, DemoTenant);

    public static IReadOnlyList<DemoPersona> All { get; } =
        [Operator, TenantAdmin, FacilityManager, HrAdmin, Dpo, SpaceManager, Auditor, Assistant, OtherCustomerAdmin];

    public static DemoPersona ForRole(Role role) => All.First(p => p.Role == role && p.TenantSlug != OtherTenant);
}
