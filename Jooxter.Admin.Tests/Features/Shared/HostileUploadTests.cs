using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;
using Jooxter.Admin.Tests.Support.Hostile;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Features.Shared;

/// <summary>
/// The hostile corpus through the services and through the command line: each file ends in its problem for the user,
/// with no crash, nothing written, and the memory of the whole process that refuses it as the kernel counted it (VmHWM).
/// </summary>
public sealed class HostileUploadTests : IAsyncLifetime
{
    /// <summary>The console's working set must stay under this while refusing any file.</summary>
    private const long MemoryBound = 1024L * 1024 * 1024;

    private TestDatabase _database = null!;
    private Guid _tenant;
    private Guid _hr;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (_tenant, _hr) = await _database.AddTenantAsync("hostile", "hr@hostile.test");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<string> Everything => HostileFiles.Names();

    public static TheoryData<string> Workbooks => HostileFiles.Names(HostileKind.Workbook);

    public static TheoryData<string> Others => HostileFiles.Names(HostileKind.ErrorWorkbook, HostileKind.Plan, HostileKind.Photo);

    [Fact]
    public void The_corpus_holds_at_least_50_files_of_every_kind()
    {
        HostileCorpus.All.Count.ShouldBeGreaterThanOrEqualTo(50);
        HostileCorpus.All.Select(f => f.Kind).Distinct().Count().ShouldBe(4);
        HostileCorpus.All.Select(f => f.Name).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public void Each_file_gets_its_answer_and_what_is_kept_is_clean(string name)
    {
        var file = HostileFiles.Named(name);
        var (answer, kept) = HostileProbe.Run(file.Kind, File.ReadAllBytes(HostileFiles.PathOf(file)));

        answer.ShouldBe(file.Expected);
        if (file.Expected != HostileCorpus.Accepted)
        {
            kept.ShouldBeNull();
            return;
        }

        kept.ShouldNotBeNull();
        var text = Encoding.Latin1.GetString(kept);
        foreach (var forbidden in new[] { "GPS", "Exif", "<html", "script", "onload", "onclick", "javascript", "attacker", "foreignObject", "iframe", "image/gif" })
        {
            text.ShouldNotContain(forbidden, Case.Insensitive);
        }

        if (file.Kind == HostileKind.ErrorWorkbook)
        {
            // Only the first sheet comes back, with the message beside the bad row; the hidden sheet is never read.
            using var zip = new ZipArchive(new MemoryStream(kept));
            zip.Entries.Count(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal)).ShouldBe(1);
            var rows = WorkbookReader.ReadFirstSheet(kept).ToList();
            rows.Select(r => r.Number).ShouldBe([1, 2, 3, 4]);
            rows[2].Get(2).ShouldBe("alan@");
            rows[2].Get(7).ShouldBe("C: invalid e-mail");
            rows[0].Get(7).ShouldBe("Errors");
        }
    }

    [Theory]
    [MemberData(nameof(Workbooks))]
    public async Task Each_hostile_workbook_is_refused_by_the_import_and_nothing_is_written(string name)
    {
        var file = HostileFiles.Named(name);
        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == _tenant);
            var report = await new EmployeeImporter(TimeProvider.System).RunAsync(db, tenant, await File.ReadAllBytesAsync(HostileFiles.PathOf(file)), "hostile.xlsx", new ImportOptions(CreateMissingLists: true), commit: true, _hr, "console");

            $"Import.Problem.{report.FileProblem}".ShouldBe(file.Expected);
            report.Committed.ShouldBeFalse();
        }

        await using var check = _database.OpenForTenant(_tenant);
        (await check.Employees.CountAsync()).ShouldBe(1);
        (await check.EmployeeImports.CountAsync()).ShouldBe(0);
        (await check.Departments.CountAsync()).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Workbooks))]
    public async Task Each_hostile_workbook_is_refused_by_the_command_line_in_bounded_memory(string name)
    {
        var file = HostileFiles.Named(name);

        var run = await ChildProcess.RunDotnetAsync(
            ChildProcess.Dll("Jooxter.Admin.dll"),
            ["import", "employees", HostileFiles.PathOf(file), "--tenant", "hostile", "--json", $"--Database:ConnectionString=Data Source={_database.Path};Pooling=False"]);

        run.ExitCode.ShouldBe(EmployeeImportCommand.FileHasErrors, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        $"Import.Problem.{json.RootElement.GetProperty("fileProblem").GetString()}".ShouldBe(file.Expected);
        json.RootElement.GetProperty("fileProblemMessage").GetString().ShouldNotBeNullOrWhiteSpace();
        run.PeakBytes.ShouldBeInRange(1, MemoryBound);
        await using var check = _database.OpenForTenant(_tenant);
        (await check.Employees.CountAsync()).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Others))]
    public async Task Each_hostile_picture_and_error_workbook_is_handled_in_bounded_memory(string name)
    {
        var file = HostileFiles.Named(name);

        var run = await ChildProcess.RunDotnetAsync(ChildProcess.Dll("Jooxter.Admin.Tests.dll"), ["probe", file.Kind.ToString(), HostileFiles.PathOf(file)]);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.Trim().ShouldBe($"ANSWER {file.Expected}");
        run.PeakBytes.ShouldBeInRange(1, MemoryBound);
    }
}
