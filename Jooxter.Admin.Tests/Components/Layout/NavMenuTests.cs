using System.Reflection;
using Bunit;
using Jooxter.Admin.Components.Layout;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Jooxter.Admin.Tests.Components.Layout;

public sealed class NavMenuTests : ComponentTestBase
{
    private static UserContext UserWith(params Role[] roles) => new(Guid.NewGuid(), Guid.NewGuid(), "Demo Corp", "Test User", roles, []);

    private IRenderedComponent<NavMenu> RenderFor(UserContext user) =>
        Context.Render<NavMenu>(ps => ps.Add(p => p.User, user));

    private static string[] Links(IRenderedComponent<NavMenu> menu) =>
        menu.FindAll("a[href]").Select(a => a.GetAttribute("href")!).ToArray();

    [Fact]
    public void An_hr_administrator_sees_people_and_not_places_or_privacy()
    {
        var menu = RenderFor(UserWith(Role.HrAdministrator));

        Links(menu).ShouldBe(["/", "/people/employees", "/people/lists", "/people/import"]);
        menu.Markup.ShouldContain("People");
        menu.Markup.ShouldNotContain("Places");
    }

    [Fact]
    public void An_auditor_sees_every_read_only_area_but_not_settings()
    {
        var links = Links(RenderFor(UserWith(Role.Auditor)));

        links.ShouldContain("/places/buildings");
        links.ShouldContain("/people/employees");
        links.ShouldContain("/privacy/audit");
        links.ShouldNotContain("/settings/tenants");
    }

    [Fact]
    public void A_platform_operator_sees_customers()
    {
        Links(RenderFor(UserWith(Role.PlatformOperator))).ShouldBe(["/", "/settings/tenants"]);
    }

    [Fact]
    public void Groups_whose_pages_the_role_may_not_open_are_not_shown()
    {
        var menu = RenderFor(UserWith(Role.HrAdministrator));

        menu.Markup.ShouldNotContain("Live occupancy");
        menu.Markup.ShouldNotContain("Occupancy analytics");
        menu.Markup.ShouldContain("Employees");
    }

    [Fact]
    public void Every_navigation_item_demands_the_same_policy_as_its_page()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Policy: t.GetCustomAttribute<AuthorizeAttribute>()?.Policy)))
            .ToDictionary(p => p.Template, p => p.Policy);

        foreach (var item in NavigationCatalog.Groups.SelectMany(g => g.Items))
        {
            pages.ShouldContainKey(item.Href);
            pages[item.Href].ShouldBe(Capabilities.Policy(item.Capability), item.Href);
        }
    }
}

public sealed class NavMenuInFrenchTests() : ComponentTestBase("fr")
{
    [Fact]
    public void The_menu_speaks_french()
    {
        var user = new UserContext(Guid.NewGuid(), Guid.NewGuid(), "Demo Corp", "Test", [Role.TenantAdministrator], []);

        var menu = Context.Render<NavMenu>(ps => ps.Add(p => p.User, user));

        menu.Markup.ShouldContain("Accueil");
        menu.Markup.ShouldContain("Lieux");
        menu.Markup.ShouldContain("Collaborateurs");
    }
}
