using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Jooxter.Admin.Tests.Features.Occupancy;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class LiveOccupancyJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_posted_sighting_changes_the_live_floor_page_without_a_reload()
    {
        var world = await OccupancyWorld.CreateAsync(browser.App, DateTime.UtcNow);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("demo-tenant").SelectOptionAsync(new SelectOptionValue { Value = world.Slug });
        await page.GetByTestId("demo-email").FillAsync(world.AdminEmail);
        await page.GetByTestId("demo-email-submit").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync($"/occupancy?floor={world.Floor}");
        await page.WaitForSelectorAsync("[data-testid=live-ready][data-ready='true']", new() { State = WaitForSelectorState.Attached });

        var desk = page.Locator("[data-space='D-1']");
        await Assertions.Expect(desk).ToHaveAttributeAsync("data-state", "Free");
        await Assertions.Expect(page.GetByTestId("present")).ToHaveTextAsync("0");
        await page.EvaluateAsync("window.__notReloaded = true");

        using var gateway = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.IngestionKey);
        var clock = Stopwatch.StartNew();
        (await gateway.PostAsJsonAsync("/api/v1/detections", new { sightings = new[] { world.Sighting(world.Ann, OccupancyWorld.Beacon1, DateTimeOffset.UtcNow) } })).EnsureSuccessStatusCode();

        await Assertions.Expect(desk).ToHaveAttributeAsync("data-state", "OccupiedWithoutBooking");
        clock.Stop();
        await Assertions.Expect(desk).ToHaveAttributeAsync("aria-label", "D-1: Occupied without booking");
        await Assertions.Expect(page.GetByTestId("present")).ToHaveTextAsync("1");
        (await page.EvaluateAsync<bool>("window.__notReloaded === true")).ShouldBeTrue("the page changed by push, not by a reload");
        Console.WriteLine($"Post to rendered change: {clock.ElapsedMilliseconds} ms");

        var axe = await page.RunAxe();
        axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ShouldBeEmpty();
    }
}
