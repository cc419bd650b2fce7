using ClosedXML.Excel;
using Jooxter.Admin.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SpaceImportJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Importing_200_spaces_with_3_bad_rows_shows_them_and_writes_nothing_until_they_are_excluded()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.FacilityManager.TenantSlug}:{DemoPersonas.FacilityManager.Email}']").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync("/places/import");
        await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });
        var stamp = Guid.NewGuid().ToString("N")[..5];
        var before = await CountAsync(stamp);

        await page.GetByTestId("space-file").SetInputFilesAsync(new FilePayload { Name = "spaces.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Workbook(stamp) });

        await Assertions.Expect(page.GetByTestId("summary-rows").GetByTestId("value")).ToHaveTextAsync("200");
        await Assertions.Expect(page.GetByTestId("summary-errors").GetByTestId("value")).ToHaveTextAsync("3");
        var issues = page.GetByTestId("space-issues").Locator("tbody tr");
        await Assertions.Expect(issues).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("space-issues")).ToContainTextAsync("Not found among the places you manage.");
        await Assertions.Expect(page.GetByTestId("space-issues")).ToContainTextAsync("A whole number from 1 to 1000.");
        await Assertions.Expect(page.GetByTestId("space-issues")).ToContainTextAsync("Unknown kind");
        await Assertions.Expect(page.GetByTestId("commit-spaces")).ToBeDisabledAsync();
        (await CountAsync(stamp)).ShouldBe(before);

        // The person chooses to leave the three rows out: the other 197 are written, together.
        await page.GetByTestId("space-skip").ClickAsync();
        await Assertions.Expect(page.GetByTestId("commit-spaces")).ToBeEnabledAsync();
        await page.GetByTestId("commit-spaces").ClickAsync();
        await Assertions.Expect(page.GetByTestId("space-import-done")).ToBeVisibleAsync();
        (await CountAsync(stamp)).ShouldBe(before + 197);
    }

    private async Task<int> CountAsync(string stamp)
    {
        await using var db = browser.App.OpenSystemDb();
        return await db.Spaces.CountAsync(s => s.Name.StartsWith("I" + stamp));
    }

    private static byte[] Workbook(string stamp)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Espaces");
        string[] header = ["Bâtiment", "Étage", "Zone", "Nom", "Type", "Capacité", "Équipements", "Réservable"];
        for (var c = 0; c < header.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = header[c];
        }

        for (var i = 1; i <= 200; i++)
        {
            var r = i + 1;
            sheet.Cell(r, 1).Value = i == 50 ? "Tokyo Tower" : "Paris – Opéra";
            sheet.Cell(r, 2).Value = "Étage 3";
            sheet.Cell(r, 3).Value = i % 2 == 0 ? "Nord" : "Sud";
            sheet.Cell(r, 4).Value = $"I{stamp}-{i:000}";
            sheet.Cell(r, 5).Value = i == 120 ? "spaceship" : "poste";
            sheet.Cell(r, 6).Value = i == 160 ? "-2" : "1";
            sheet.Cell(r, 7).Value = i % 3 == 0 ? "écran; station d'accueil" : "";
            sheet.Cell(r, 8).Value = "oui";
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
