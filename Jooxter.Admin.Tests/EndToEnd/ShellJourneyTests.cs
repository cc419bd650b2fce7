using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class ShellJourneyTests(BrowserFixture browser)
{
    private static async Task SignInAsPersonaAsync(IPage page, DemoPersona persona)
    {
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/signin**");
        await page.Locator($"button[value='{persona.TenantSlug}:{persona.Email}']").ClickAsync();
        await WaitForCircuitAsync(page);
    }

    private static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

    private static async Task<string[]> NavigationLinksAsync(IPage page) =>
        (await page.GetByTestId("drawer").Locator(".mud-nav-link").EvaluateAllAsync<string[]>("links => links.map(l => l.getAttribute('href'))")).ToArray();

    [Fact]
    public async Task A_facility_manager_sees_only_their_sections_and_switches_to_french()
    {
        var page = await browser.NewPageAsync();
        await SignInAsPersonaAsync(page, DemoPersonas.FacilityManager);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Home");
        await Assertions.Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Demo Corp");
        var links = await NavigationLinksAsync(page);
        links.ShouldContain("/places/buildings");
        links.ShouldNotContain("/people/employees");
        links.ShouldNotContain("/privacy/audit");
        links.ShouldNotContain("/settings/tenants");
        await Assertions.Expect(page.GetByTestId("tile-Buildings")).ToBeVisibleAsync();

        await page.GetByTestId("language-switch").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/culture/", StringComparison.Ordinal));
        await WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Accueil");
        await Assertions.Expect(page.GetByTestId("drawer")).ToContainTextAsync("Lieux");
        await Assertions.Expect(page.GetByTestId("drawer")).ToContainTextAsync("Bâtiments");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("fr");

        // The choice is remembered: a new sign-in in a fresh browser comes back in French.
        var again = await browser.NewPageAsync();
        await SignInAsPersonaAsync(again, DemoPersonas.FacilityManager);
        await Assertions.Expect(again.Locator("h1")).ToHaveTextAsync("Accueil");

        await Assertions.Expect(again.GetByTestId("language-switch")).ToHaveTextAsync("English");
        await again.GetByTestId("language-switch").ClickAsync();
        await again.WaitForURLAsync(url => !url.Contains("/culture/", StringComparison.Ordinal));
        await WaitForCircuitAsync(again);
        await Assertions.Expect(again.Locator("h1")).ToHaveTextAsync("Home");
    }

    [Fact]
    public async Task A_space_manager_cannot_open_a_page_outside_their_role()
    {
        var page = await browser.NewPageAsync();
        await SignInAsPersonaAsync(page, DemoPersonas.SpaceManager);

        await page.GotoAsync("/people/employees");

        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_unknown_identity_is_refused()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");

        await page.GetByTestId("demo-email").FillAsync("intruder@unknown.example");
        await page.GetByTestId("demo-email-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("not-authorized")).ToContainTextAsync("not authorized for this organisation");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/signin**");
    }

    [Fact]
    public async Task The_auditor_reads_the_audit_trail_and_verifies_it()
    {
        var page = await browser.NewPageAsync();
        await SignInAsPersonaAsync(page, DemoPersonas.Auditor);

        await page.GetByTestId("drawer").GetByText("Audit trail").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Audit trail");
        await page.GetByTestId("verify-chain").ClickAsync();

        await Assertions.Expect(page.GetByTestId("verify-result")).ToContainTextAsync("intact");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await browser.NewPageAsync();
        await SignInAsPersonaAsync(page, DemoPersonas.HrAdmin);

        await page.GetByTestId("signout").ClickAsync();
        await page.WaitForURLAsync("**/signed-out");

        await page.GotoAsync("/people/employees");
        await page.WaitForURLAsync("**/signin**");
    }

    [Theory]
    [InlineData("/signin", false)]
    [InlineData("/", true)]
    [InlineData("/privacy/audit", true)]
    [InlineData("/people/import", true)]
    [InlineData("/people/employees", true)]
    [InlineData("/people/employees/new", true)]
    [InlineData("/people/lists", true)]
    [InlineData("/places/buildings", true)]
    [InlineData("/places/beacons", true)]
    [InlineData("/places/import", true)]
    public async Task The_page_has_no_serious_accessibility_violations(string path, bool signedIn)
    {
        var page = await browser.NewPageAsync();
        if (signedIn)
        {
            await SignInAsPersonaAsync(page, DemoPersonas.TenantAdmin);
        }

        await page.GotoAsync(path);
        if (signedIn)
        {
            await WaitForCircuitAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        var result = await page.RunAxe();
        var serious = result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} -> {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();

        serious.ShouldBeEmpty();
    }
}
