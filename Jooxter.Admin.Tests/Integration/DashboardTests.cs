using System.Text.RegularExpressions;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>The home page shows real counts, each customer only its own, each role only its own areas.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class DashboardTests(AdminAppFactory factory)
{
    private async Task<Dictionary<string, int>> TilesAsync(string email)
    {
        var (client, _) = await factory.SignInAsync(email);
        var html = await client.GetStringAsync("/");
        return Tile().Matches(html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_tenant_administrator_sees_the_demo_customers_figures()
    {
        var tiles = await TilesAsync(DemoPersonas.TenantAdmin.Email);

        tiles["Buildings"].ShouldBe(2);
        tiles["ActiveEmployees"].ShouldBeInRange(450, DemoDataSeeder.DemoEmployeeCount);
        tiles["Departments"].ShouldBe(8);
        tiles["OpenRightsRequests"].ShouldBe(6);
        tiles["OverdueRightsRequests"].ShouldBe(1);
        tiles.ShouldNotContainKey("Tenants");
    }

    [Fact]
    public async Task Another_customer_sees_only_its_own_figures()
    {
        var tiles = await TilesAsync(DemoPersonas.OtherCustomerAdmin.Email);

        tiles["Buildings"].ShouldBe(1);
        tiles["ActiveEmployees"].ShouldBe(21);
        tiles["Spaces"].ShouldBe(20);
        tiles["OpenRightsRequests"].ShouldBe(0);
    }

    [Fact]
    public async Task A_space_manager_counts_only_the_areas_in_scope()
    {
        var tiles = await TilesAsync(DemoPersonas.SpaceManager.Email);

        int expected;
        await using (var db = factory.OpenSystemDb())
        {
            // The enabled spaces of the one floor in scope (other tests may add some there).
            var floor = await db.Floors.Join(db.Buildings.Where(b => b.Name == "Paris – Opéra"), f => f.BuildingId, b => b.Id, (f, b) => f).SingleAsync(f => f.Level == 2);
            expected = await db.Spaces.CountAsync(s => s.FloorId == floor.Id && s.IsEnabled);
        }

        tiles["Buildings"].ShouldBe(1);
        tiles["Spaces"].ShouldBe(expected);
        expected.ShouldBeLessThan(200);
        tiles.ShouldNotContainKey("ActiveEmployees");
        tiles.ShouldNotContainKey("OpenRightsRequests");
    }

    [Fact]
    public async Task The_hr_administrator_sees_people_but_not_places()
    {
        var tiles = await TilesAsync(DemoPersonas.HrAdmin.Email);

        tiles.ShouldContainKey("ActiveEmployees");
        tiles.ShouldNotContainKey("Buildings");
        tiles.ShouldNotContainKey("AuditEntriesLast7Days");
    }

    [Fact]
    public async Task The_platform_operator_counts_customers()
    {
        var tiles = await TilesAsync(DemoPersonas.Operator.Email);

        tiles["Tenants"].ShouldBeGreaterThanOrEqualTo(2);
        tiles.ShouldNotContainKey("ActiveEmployees");
    }

    [GeneratedRegex("""data-testid="tile-(?!value)(\w+)"[\s\S]*?data-testid="tile-value"[^>]*>\s*([\d,\u202f\u00a0]+)\s*<""")]
    private static partial Regex Tile();
}
