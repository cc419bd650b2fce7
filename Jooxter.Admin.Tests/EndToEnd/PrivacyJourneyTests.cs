using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Jooxter.Admin.Infrastructure.Demo;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

public sealed class PrivacyJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });

    private static async Task RecordAsync(IPage page, string kind)
    {
        await page.GotoAsync("/privacy/requests");
        await WaitForCircuitAsync(page);
        await page.GetByTestId("record-request").ClickAsync();
        await page.GetByTestId("request-kind").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = kind }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = kind })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("request-kind")).ToContainTextAsync(kind);

        // The autocomplete's list is re-rendered when its debounced search lands; a click on a list being replaced
        // selects nothing, so the test checks the choice took and picks again once if it did not.
        var person = page.Locator("[data-testid=request-person] input, input[data-testid=request-person]").First;
        for (var attempt = 1; ; attempt++)
        {
            await person.FillAsync("Camille Dup");
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = DemoPrivacy.SubjectEmail }).First.ClickAsync();
            try
            {
                await Assertions.Expect(person).ToHaveValueAsync(new Regex(Regex.Escape(DemoPrivacy.SubjectEmail)), new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 2)
            {
            }
        }

        // A search that lands after the pick can open the list again, and a click outside an open list only closes
        // it: the Save click would be spent on that (CI saw "Save" do nothing once). Close any list first, by a click
        // on another field, and check the pick is still there.
        var openList = page.Locator(".mud-popover-open .mud-list-item");
        if (await openList.CountAsync() > 0)
        {
            await page.Locator("[data-testid=request-email] input, input[data-testid=request-email]").First.ClickAsync();
        }

        await Assertions.Expect(openList).ToHaveCountAsync(0);
        await Assertions.Expect(person).ToHaveValueAsync(new Regex(Regex.Escape(DemoPrivacy.SubjectEmail)));
        // Either the register opens the new request, or the dialog says what it refused: the test reports which. CI has
        // twice seen a Save that did neither, for a reason not yet known: if after 20 s the dialog is still there with
        // Save enabled (a save under way disables it; a save that succeeded closes the dialog), the click did not reach
        // the dialog and the test clicks once more, saying so. A dead circuit fails with what the page shows.
        var save = page.GetByTestId("request-save");
        await save.ClickAsync();
        var opened = page.WaitForURLAsync("**/privacy/requests/*", new() { Timeout = 65_000 });
        var refused = page.GetByTestId("errors").First.WaitForAsync(new() { Timeout = 65_000 });
        if (await Task.WhenAny(opened, refused, Task.Delay(20_000)) is var first && first != opened && first != refused
            && await save.IsVisibleAsync() && await save.IsEnabledAsync())
        {
            if (await page.Locator("#blazor-error-ui, #components-reconnect-modal").First.IsVisibleAsync())
            {
                throw new InvalidOperationException($"The console's connection failed after Save: {await page.Locator("body").InnerTextAsync()}");
            }

            Console.WriteLine("RecordAsync: Save did nothing in 20 s; clicking it once more.");
            await save.ClickAsync();
        }

        if (await Task.WhenAny(opened, refused) == refused && refused.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"Recording the request was refused: {await page.GetByTestId("errors").First.InnerTextAsync()}");
        }

        await opened;
        await Assertions.Expect(page.GetByTestId("request-status")).ToHaveTextAsync("Received");
    }

    [Fact]
    public async Task The_DPO_exports_a_persons_data_then_erases_it_and_the_residual_scan_finds_nothing()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.Dpo.TenantSlug}:{DemoPersonas.Dpo.Email}']").ClickAsync();
        await WaitForCircuitAsync(page);

        // The deadline dashboard shows the demo's overdue request in red, words and icon included.
        await page.GotoAsync("/privacy/requests");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByTestId("dash-overdue").GetByTestId("dash-value")).ToHaveTextAsync("1");
        var axe = await page.RunAxe();
        axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ShouldBeEmpty();

        // Access: the zip's JSON holds Camille's bookings as a guest of a colleague's meetings.
        await RecordAsync(page, "Access");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.zip");
        await download.SaveAsAsync(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ShouldBe(["data.json", "data.xlsx", "information.txt"]);
            using var reader = new StreamReader(zip.GetEntry("data.json")!.Open());
            var data = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement.GetProperty("data");
            data.GetProperty("Employee").EnumerateArray().Single().GetProperty("Email").GetString().ShouldBe(DemoPrivacy.SubjectEmail);
            var asGuest = data.GetProperty("ReservationGuest").EnumerateArray().Where(g => g.TryGetProperty("EmployeeId", out var who) && who.GetString() == "(you)").Select(g => g.GetProperty("ReservationId").GetGuid()).ToList();
            asGuest.Count.ShouldBe(2);
            var meetings = data.GetProperty("Reservation").EnumerateArray().Where(r => asGuest.Contains(r.GetProperty("Id").GetGuid())).ToList();
            meetings.Count.ShouldBe(2);
            // The room and times are Camille's to know; the host's subject line and identity are not exported.
            meetings.ShouldAllBe(m => m.GetProperty("SpaceIdName").GetString()!.Length > 0 && m.GetProperty("StartsAtUtc").GetDateTime() < DateTime.UtcNow);
            meetings.Count(m => m.TryGetProperty("Subject", out var line)).ShouldBe(0);
            meetings.Count(m => m.TryGetProperty("HolderId", out var holder)).ShouldBe(0, "the host's id is the host's");
        }
        finally
        {
            File.Delete(path);
        }

        await Assertions.Expect(page.GetByTestId("request-history")).ToContainTextAsync("Data exported");

        // Erasure: the scan reports nothing left outside the exceptions.
        await RecordAsync(page, "Erasure");
        await page.GetByTestId("erase").ClickAsync();
        await page.Locator(".mud-dialog button").Filter(new() { HasText = "Erase the subject's data" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-result")).ToContainTextAsync("Residual scan: 0 row(s)", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("request-history")).ToContainTextAsync("Residual scan");
    }
}
