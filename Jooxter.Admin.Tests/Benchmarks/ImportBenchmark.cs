using System.Diagnostics;
using ClosedXML.Excel;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Imports a generated workbook of N employees into a fresh SQLite database: preview time, commit time, peak memory,
/// and, as the baseline in the same run, the time ClosedXML alone takes to open the file and read every cell.
/// </summary>
public static class ImportBenchmark
{
    public static async Task RunAsync(int rows, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var file = Workbooks.Employees(rows, domain: "bench.test", row: i =>
            [$"Prénom{i}", $"Nom{i}", $"person{i}@bench.test", i % 3 == 0 ? "en" : "fr", $"06{i % 100_000_000:00000000}", $"Département {i % 12}", $"Groupe {i % 20}; Groupe {(i + 7) % 20}"]);
        output.WriteLine($"Generated {rows:N0} rows, {file.Length / 1024.0 / 1024.0:F1} MB, in {clock.Elapsed.TotalSeconds:F1} s");

        await using var database = await TestDatabase.CreateAsync();
        var (tenantId, hrId) = await database.AddTenantAsync("bench", "hr@bench.test");
        ForceGc();
        var startWorkingSet = Process.GetCurrentProcess().WorkingSet64;

        var importer = new EmployeeImporter(TimeProvider.System);
        var options = new ImportOptions(CreateMissingLists: true);

        // Warm-up on smaller files in customers of their own, three rounds with a pause for the runtime's background
        // recompilation, so that both sides are measured with their hot code fully compiled (tiered JIT), not in its
        // first, unoptimised tier.
        for (var round = 0; round < 3; round++)
        {
            var warmFile = Workbooks.Employees(2_000, domain: $"warmup{round}.test");
            var (warmTenant, warmHr) = await database.AddTenantAsync($"warmup{round}", $"hr@warmup{round}.test");
            await RunAsync(database, importer, warmTenant, warmHr, new ImportFile(warmFile, "warmup.xlsx"), options, commit: true);
            _ = ReadEveryCellWithClosedXml(warmFile);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        var (parsedRows, readTime) = await TimeAsync(() => Task.FromResult(EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(file)).Rows.Count));
        output.WriteLine($"Streaming read of the workbook alone (the guarded reader, {parsedRows:N0} rows): {readTime.TotalSeconds:F2} s");

        // As in the console: the preview reads the file, the commit reuses that reading and checks everything again.
        var upload = new ImportFile(file, "bench.xlsx");
        var (preview, previewTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, upload, options, commit: false));
        var pausedBefore = GC.GetTotalPauseDuration();
        var (commit, commitTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, upload, options, commit: true));
        var commitPauses = GC.GetTotalPauseDuration() - pausedBefore;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        await using (var db = database.OpenForTenant(tenantId))
        {
            output.WriteLine($"Stored: {await db.Employees.CountAsync():N0} employees, {await db.UserGroupMembers.CountAsync():N0} group memberships, {await db.AuditEntries.CountAsync():N0} audit entries");
        }

        var (again, againTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, new ImportFile(file, "bench.xlsx"), options, commit: true));

        ForceGc();
        var (cells, baselineTime) = await TimeAsync(() => Task.FromResult(ReadEveryCellWithClosedXml(file)));

        output.WriteLine($"Preview: {previewTime.TotalSeconds:F2} s ({preview.Summary.Created:N0} to create, {preview.Summary.RowsWithErrors} rows with errors)");
        output.WriteLine($"Commit:  {commitTime.TotalSeconds:F2} s (committed: {commit.Committed}; rows checked again against the database before writing; garbage collection pauses {commitPauses.TotalMilliseconds:F0} ms)");
        output.WriteLine($"Re-import of the same file, read again, as the command line does: {againTime.TotalSeconds:F2} s ({again.Summary.Unchanged:N0} unchanged)");
        output.WriteLine($"Peak working set during preview and commit: {peak / 1024.0 / 1024.0:F0} MB (process start of import: {startWorkingSet / 1024.0 / 1024.0:F0} MB)");
        output.WriteLine($"Baseline, ClosedXML opening the file and reading all {cells:N0} cells: {baselineTime.TotalSeconds:F2} s");
        var ratio = (previewTime + commitTime).TotalSeconds / baselineTime.TotalSeconds;
        output.WriteLine($"(Preview + commit) / baseline = {ratio:F2} (goal: at most 2.00); peak memory goal: under 500 MB");
    }

    private static async Task<ImportReport> RunAsync(TestDatabase database, EmployeeImporter importer, Guid tenantId, Guid hrId, ImportFile file, ImportOptions options, bool commit)
    {
        await using var db = database.OpenForTenant(tenantId, hrId);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId);
        return await importer.RunAsync(db, tenant, file, options, commit, hrId, "bench");
    }

    private static long ReadEveryCellWithClosedXml(byte[] file)
    {
        using var workbook = new XLWorkbook(new MemoryStream(file));
        long cells = 0;
        foreach (var row in workbook.Worksheet(1).RowsUsed())
        {
            foreach (var cell in row.CellsUsed())
            {
                _ = cell.GetString();
                cells++;
            }
        }

        return cells;
    }

    private static async Task<(T Result, TimeSpan Elapsed)> TimeAsync<T>(Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        return (result, watch.Elapsed);
    }

    private static void ForceGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
