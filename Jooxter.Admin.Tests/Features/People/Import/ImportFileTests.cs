using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.People.Import;

public sealed class ImportFileTests
{
    [Fact]
    public async Task A_reading_started_early_is_the_one_every_later_caller_gets()
    {
        var file = new ImportFile(Workbooks.Employees(3, row: i => [$"P{i}", $"N{i}", $"early{i}@import.test", "fr", "", "", ""]), "employees.xlsx");

        var early = file.ParseAsync(null, CancellationToken.None);
        var later = file.ParseAsync(null, CancellationToken.None);

        later.ShouldBeSameAs(early);
        var sheet = await later;
        sheet.Rows.Select(r => r.Email).ShouldBe(["early1@import.test", "early2@import.test", "early3@import.test"]);
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_cancel_the_reading_for_the_next_one()
    {
        var file = new ImportFile(Workbooks.Employees(2, row: i => [$"P{i}", $"N{i}", $"kept{i}@import.test", "fr", "", "", ""]), "employees.xlsx");

        await Should.ThrowAsync<OperationCanceledException>(() => file.ParseAsync(null, new CancellationToken(canceled: true)));
        var sheet = await file.ParseAsync(null, CancellationToken.None);

        sheet.Rows.Select(r => r.Email).ShouldBe(["kept1@import.test", "kept2@import.test"]);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_reports_its_problem_to_every_caller()
    {
        var file = new ImportFile("this is not a workbook"u8.ToArray(), "employees.xlsx");

        (await Should.ThrowAsync<WorkbookException>(() => file.ParseAsync(null, CancellationToken.None))).Problem.ShouldBe(WorkbookProblem.NotAWorkbook);
        (await Should.ThrowAsync<WorkbookException>(() => file.ParseAsync(null, CancellationToken.None))).Problem.ShouldBe(WorkbookProblem.NotAWorkbook);
    }
}
