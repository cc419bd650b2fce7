using Deque.AxeCore.Playwright;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Tests.Support;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PlacesJourneyTests(BrowserFixture browser)
{
    private static async Task SignInAsync(IPage page, DemoPersona persona)
    {
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{persona.TenantSlug}:{persona.Email}']").ClickAsync();
        await WaitForCircuitAsync(page);
    }

    private static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task A_facility_manager_sets_up_a_floor_places_a_desk_and_a_beacon_and_finds_them_after_reload()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, DemoPersonas.FacilityManager);
        var stamp = Guid.NewGuid().ToString("N")[..6];

        // A beacon in the registry, not placed yet.
        await page.GotoAsync("/places/beacons");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("beacon-name").FillAsync($"Beacon {stamp}");
        await page.GetByTestId("beacon-uuid").FillAsync(Guid.NewGuid().ToString());
        await page.GetByTestId("beacon-major").FillAsync("7");
        await page.GetByTestId("beacon-minor").FillAsync("42");
        await page.GetByTestId("create-beacon").ClickAsync();
        await Assertions.Expect(page.Locator("tbody")).ToContainTextAsync($"Beacon {stamp}");

        // A building and a floor.
        await page.GotoAsync("/places/buildings");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("building-name").FillAsync($"Building {stamp}");
        await page.GetByTestId("create-building").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Building {stamp}");
        await page.GetByTestId("floor-name").FillAsync("Ground");
        await page.GetByTestId("add-floor").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Building {stamp} › Ground");

        // A plan, then a desk.
        await page.GetByTestId("plan-file").SetInputFilesAsync(new FilePayload { Name = "ground.png", MimeType = "image/png", Buffer = Images.Png(1000, 500) });
        await Assertions.Expect(page.GetByTestId("plan")).ToBeVisibleAsync();
        await page.GetByTestId("space-name").FillAsync($"D-{stamp}");
        await page.GetByTestId("add-space").ClickAsync();
        var desk = page.GetByTestId("unplaced").GetByText($"D-{stamp}");
        var beacon = page.GetByTestId("unplaced").GetByText($"Beacon {stamp}");
        await Assertions.Expect(desk).ToBeVisibleAsync();

        // Drag both onto the plan.
        var plan = page.GetByTestId("plan");
        await desk.DragToAsync(plan, new() { TargetPosition = new() { X = 250, Y = 100 } });
        await Assertions.Expect(plan.GetByText($"D-{stamp}")).ToBeVisibleAsync();
        await beacon.DragToAsync(plan, new() { TargetPosition = new() { X = 500, Y = 200 } });
        await Assertions.Expect(plan.GetByText($"Beacon {stamp}")).ToBeVisibleAsync();
        var box = (await plan.BoundingBoxAsync())!;

        // Reload: both are where they were dropped, relative to the plan.
        await page.ReloadAsync();
        await WaitForCircuitAsync(page);
        var deskLabel = await page.GetByTestId("plan").GetByText($"D-{stamp}").GetAttributeAsync("aria-label");
        var beaconLabel = await page.GetByTestId("plan").GetByText($"Beacon {stamp}").GetAttributeAsync("aria-label");
        var (deskX, deskY) = Position(deskLabel!);
        var (beaconX, beaconY) = Position(beaconLabel!);
        deskX.ShouldBe(250 / box.Width * 100, 1.5);
        deskY.ShouldBe(100 / box.Height * 100, 1.5);
        beaconX.ShouldBe(500 / box.Width * 100, 1.5);
        beaconY.ShouldBe(200 / box.Height * 100, 1.5);

        // The floor page with its plan editor passes the same accessibility check as the shell.
        var axe = await page.RunAxe();
        axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_space_manager_cannot_open_a_building_outside_their_scope()
    {
        var page = await browser.NewPageAsync();
        await SignInAsync(page, DemoPersonas.SpaceManager);

        await page.GotoAsync("/places/buildings");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1); // only the building of their floor
        await Assertions.Expect(page.GetByTestId("create-building")).ToHaveCountAsync(0);

        // Lyon is not theirs: its page says so, whatever the URL.
        var lyonId = await LyonIdAsync();
        await page.GotoAsync($"/places/buildings/{lyonId}");
        await Assertions.Expect(page.GetByTestId("not-in-scope")).ToBeVisibleAsync();
    }

    private async Task<Guid> LyonIdAsync()
    {
        await using var db = browser.App.OpenSystemDb();
        return Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Buildings, b => b.Name == "Lyon – Part-Dieu").Result.Id;
    }

    /// <summary>Reads "(12.5%, 40%)" at the end of a marker's accessible name.</summary>
    private static (double X, double Y) Position(string label)
    {
        var inner = label[(label.LastIndexOf('(') + 1)..label.LastIndexOf(')')].Replace("%", "", StringComparison.Ordinal).Split(',');
        return (double.Parse(inner[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(inner[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
