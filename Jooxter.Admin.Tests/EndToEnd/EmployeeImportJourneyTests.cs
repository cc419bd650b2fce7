using ClosedXML.Excel;
using Jooxter.Admin.Infrastructure.Demo;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class EmployeeImportJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_hr_admin_fixes_a_workbook_from_the_preview_and_imports_it()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.HrAdmin.TenantSlug}:{DemoPersonas.HrAdmin.Email}']").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId("drawer").GetByText("Import employees").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Import employees");

        // 1. The template, with headers in the user's language and an explanation sheet.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-template").ClickAsync());
        var template = await File.ReadAllBytesAsync((await download.PathAsync())!);
        using var workbook = new XLWorkbook(new MemoryStream(template));
        var sheet = workbook.Worksheet(1);
        sheet.Cell(1, 1).GetString().ShouldBe("First name");
        sheet.Cell(1, 3).GetString().ShouldBe("E-mail");
        workbook.Worksheets.Select(w => w.Name).ShouldContain("Help");

        // 2. Filled with two mistakes.
        var stamp = Guid.NewGuid().ToString("N")[..6];
        string[][] people =
        [
            ["Zoé", $"Import{stamp}", $"zoe.{stamp}@demo.jooxter.test", "fr", "06 11 22 33 44"],
            ["Yann", $"Import{stamp}", $"yann.{stamp}@demo", "en", ""],
            ["Xavier", $"Import{stamp}", $"ZOE.{stamp}@demo.jooxter.test", "", ""],
        ];
        var withMistakes = Fill(template, people);
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "new-hires.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = withMistakes });

        await Assertions.Expect(page.GetByTestId("summary-errors").GetByTestId("value")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("import-issues")).ToContainTextAsync("Not a valid e-mail address.");
        await Assertions.Expect(page.GetByTestId("import-issues")).ToContainTextAsync("The same e-mail appears earlier in the file");
        await Assertions.Expect(page.GetByTestId("commit-import")).ToBeDisabledAsync();

        // 3. Fixed and uploaded again: the preview is clean, and the import goes through.
        people[1][2] = $"yann.{stamp}@demo.jooxter.test";
        people[2][2] = $"xavier.{stamp}@demo.jooxter.test";
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "new-hires.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = Fill(template, people) });
        await Assertions.Expect(page.GetByTestId("summary-errors").GetByTestId("value")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("summary-created").GetByTestId("value")).ToHaveTextAsync("3");
        await page.GetByTestId("commit-import").ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("Imported");

        // 4. The directory shows them.
        await page.GetByText("See the employees").ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Search by name or e-mail" }).FillAsync($"import{stamp}");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("tbody")).ToContainTextAsync($"zoe.{stamp}@demo.jooxter.test");
    }

    private static byte[] Fill(byte[] template, string[][] people)
    {
        using var workbook = new XLWorkbook(new MemoryStream(template));
        var sheet = workbook.Worksheet(1);
        for (var r = 0; r < people.Length; r++)
        {
            for (var c = 0; c < people[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 1).Value = people[r][c];
            }
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
