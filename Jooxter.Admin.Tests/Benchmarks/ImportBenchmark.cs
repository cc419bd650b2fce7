using System.Diagnostics;
using ClosedXML.Excel;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Imports a generated workbook of N employees (preview, then commit) into a fresh SQLite database, five times, each
/// time right after the baseline: ClosedXML alone opening the same file and reading every cell. Per-round ratios and
/// medians are compared, after warm-up rounds that let the runtime finish compiling both sides' hot code. Prints the
/// peak resident memory of the whole process, baseline included.
/// </summary>
public static class ImportBenchmark
{
    private const int Rounds = 5;

    /// <summary>The process's resident peak within each phase, highest over the rounds (the whole run's peak is their maximum).</summary>
    private static readonly Dictionary<string, long> PhasePeaks = [];
    private const string Outside = "between phases (warm-up, set-up)";

    public static async Task RunAsync(int rows, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        // Written as Excel stores text (shared strings), streaming: making the file is not what is measured.
        var file = LargeWorkbooks.Strings(Workbooks.Header, rows, i =>
            [$"Prénom{i}", $"Nom{i}", $"person{i}@bench.test", i % 3 == 0 ? "en" : "fr", $"06{i % 100_000_000:00000000}", $"Département {i % 12}", $"Groupe {i % 20}; Groupe {(i + 7) % 20}"]);
        output.WriteLine($"Generated {rows:N0} rows, {file.Length / 1024.0 / 1024.0:F1} MB, in {clock.Elapsed.TotalSeconds:F1} s");

        var importer = new EmployeeImporter(TimeProvider.System);
        var options = new ImportOptions(CreateMissingLists: true);

        // Warm-up on smaller files in databases of their own, with pauses for the runtime's background recompilation,
        // so that both sides are measured with their hot code compiled, not in its first, unoptimised tier.
        for (var round = 0; round < 3; round++)
        {
            var warmFile = LargeWorkbooks.Strings(Workbooks.Header, 5_000, i => [$"P{i}", $"N{i}", $"p{i}@warmup.test", "fr", $"06{i:00000000}", $"D {i % 5}", $"G {i % 7}"]);
            await using var warmDatabase = await TestDatabase.CreateAsync();
            await warmDatabase.UseWriteAheadLogAsync();
            var (warmTenant, warmHr) = await warmDatabase.AddTenantAsync("warmup", "hr@warmup.test");
            var warmUpload = new ImportFile(warmFile, "warmup.xlsx");
            await RunAsync(warmDatabase, importer, warmTenant, warmHr, warmUpload, options, commit: false);
            await RunAsync(warmDatabase, importer, warmTenant, warmHr, warmUpload, options, commit: true);
            _ = ReadEveryCellWithClosedXml(warmFile);
            _ = EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(warmFile)).Rows.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        // Each round times the baseline right before the import, so both sides see the machine in the same state
        // (a shared virtual machine's speed drifts by a quarter within a minute); the ratio is taken per round.
        var reads = new List<double>();
        var previews = new List<double>();
        var commits = new List<double>();
        var baselines = new List<double>();
        var ratios = new List<double>();
        var pauses = new List<double>();
        long cells = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            // Each round's workbook, rows and database are its own and gone before the next round starts: a round
            // that kept the previous one's 50,000 parsed rows alive would weigh them into the next baseline's memory.
            var figures = await RunRoundAsync(file, importer, options, round, output);
            cells = figures.Cells;
            baselines.Add(figures.Baseline);
            reads.Add(figures.Read);
            previews.Add(figures.Preview);
            commits.Add(figures.Commit);
            pauses.Add(figures.Pauses);
            ratios.Add((figures.Preview + figures.Commit) / figures.Baseline);
        }

        output.WriteLine($"Baseline, ClosedXML opening the file and reading all {cells:N0} cells: {string.Join(", ", baselines.Select(b => $"{b:F2} s"))}");
        output.WriteLine($"Medians of {Rounds}: read alone {Median(reads):F2} s, preview {Median(previews):F2} s, commit {Median(commits):F2} s, baseline {Median(baselines):F2} s");
        output.WriteLine($"(Preview + commit) / baseline: per round {string.Join(", ", ratios.Select(r => $"{r:F2}"))}; median {Median(ratios):F2}; ratio of the medians {(Median(previews) + Median(commits)) / Median(baselines):F2} (goal: at most 2.00)");
        KeepPeak(Outside);
        output.WriteLine($"Peak resident memory by phase, highest of the rounds: {string.Join(", ", PhasePeaks.Select(p => $"{p.Key} {p.Value / 1048576.0:F0} MB"))}");
        output.WriteLine($"Peak resident memory of the whole benchmark process (ClosedXML baseline included): {PhasePeaks.Values.Max() / 1048576.0:F0} MB (goal: under 500 MB)");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private sealed record RoundFigures(long Cells, double Baseline, double Read, double Preview, double Commit, double Pauses);

    private static async Task<RoundFigures> RunRoundAsync(byte[] file, EmployeeImporter importer, ImportOptions options, int round, TextWriter output)
    {
        ForceGc(returnMemory: false);
        StartPhase();
        var (cells, baselineTime) = await TimeAsync(() => Task.FromResult(ReadEveryCellWithClosedXml(file)));
        EndPhase("ClosedXML baseline");

        ForceGc(returnMemory: true);
        StartPhase();
        var (parsedRows, readTime) = await TimeAsync(() => Task.FromResult(EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(file)).Rows.Count));
        EndPhase("read alone");

        // As in the console: the preview reads the file, the commit reuses that reading and checks everything again.
        await using var database = await TestDatabase.CreateAsync();
        await database.UseWriteAheadLogAsync();
        var (tenantId, hrId) = await database.AddTenantAsync("bench", "hr@bench.test");
        var (previewTime, commitTime, pauses, summary) = await PreviewAndCommitAsync(database, importer, tenantId, hrId, file, options);
        var ratio = (previewTime + commitTime) / baselineTime.TotalSeconds;
        output.WriteLine($"Round {round}: baseline {baselineTime.TotalSeconds:F2} s; read alone {readTime.TotalSeconds:F2} s ({parsedRows:N0} rows); preview {previewTime:F2} s; commit {commitTime:F2} s ({summary}); ratio {ratio:F2}");
        if (round == Rounds)
        {
            await using (var db = database.OpenForTenant(tenantId))
            {
                output.WriteLine($"Stored: {await db.Employees.CountAsync():N0} employees, {await db.UserGroupMembers.CountAsync():N0} group memberships, {await db.AuditEntries.CountAsync():N0} audit entries");
            }

            ForceGc(returnMemory: true);
            StartPhase();
            var (again, againTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, new ImportFile(file, "bench.xlsx"), options, commit: true));
            EndPhase("re-import of the unchanged file");
            output.WriteLine($"Re-import of the same file, read again, as the command line does: {againTime.TotalSeconds:F2} s ({again.Summary.Unchanged:N0} unchanged)");
        }

        return new RoundFigures(cells, baselineTime.TotalSeconds, readTime.TotalSeconds, previewTime, commitTime, pauses);
    }

    /// <summary>The preview and the commit of one upload, whose rows are gone when this returns.</summary>
    private static async Task<(double Preview, double Commit, double Pauses, string Summary)> PreviewAndCommitAsync(TestDatabase database, EmployeeImporter importer, Guid tenantId, Guid hrId, byte[] file, ImportOptions options)
    {
        var upload = new ImportFile(file, "bench.xlsx");
        ForceGc(returnMemory: true);
        StartPhase();
        var (preview, previewTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, upload, options, commit: false));
        var pausedBefore = GC.GetTotalPauseDuration();
        var (commit, commitTime) = await TimeAsync(() => RunAsync(database, importer, tenantId, hrId, upload, options, commit: true));
        var pauses = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
        EndPhase("preview and commit");
        return (previewTime.TotalSeconds, commitTime.TotalSeconds, pauses,
            $"{preview.Summary.Created:N0} to create, {preview.Summary.RowsWithErrors} rows with errors; committed: {commit.Committed}; garbage collection pauses {pauses:F0} ms");
    }

    private static async Task<ImportReport> RunAsync(TestDatabase database, EmployeeImporter importer, Guid tenantId, Guid hrId, ImportFile file, ImportOptions options, bool commit)
    {
        await using var db = database.OpenForTenant(tenantId, hrId);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId);
        return await importer.RunAsync(db, tenant, file, options, commit, hrId, "bench");
    }

    /// <summary>
    /// The command line as HR's scheduled job runs it: a new process importing N new employees into a migrated database,
    /// against a process that opens the same file with ClosedXML and reads every cell; time and peak resident memory
    /// of each process as the kernel counted them. Five rounds, each pairing one import with one baseline, which goes
    /// first in every other round so that the machine's drift does not always favour the same side; medians and the
    /// median of the rounds' ratios. The import sets the console's journal itself (its migration step).
    /// </summary>
    public static async Task RunCommandLineAsync(int rows, TextWriter output)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jooxter-cli-bench-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, LargeWorkbooks.Strings(Workbooks.Header, rows, i =>
            [$"Prénom{i}", $"Nom{i}", $"person{i}@bench.test", i % 3 == 0 ? "en" : "fr", $"06{i % 100_000_000:00000000}", $"Département {i % 12}", $"Groupe {i % 20}; Groupe {(i + 7) % 20}"]));
        try
        {
            var imports = new List<ChildOutcome>();
            var baselines = new List<ChildOutcome>();
            for (var round = 1; round <= Rounds; round++)
            {
                await using var database = await TestDatabase.CreateAsync();
                await database.AddTenantAsync("bench", "hr@bench.test");
                Task<ChildOutcome> Import() => ChildProcess.RunDotnetAsync(ChildProcess.Dll("Jooxter.Admin.dll"),
                    ["import", "employees", path, "--tenant", "bench", "--create-missing", $"--Database:ConnectionString=Data Source={database.Path};Pooling=False"], timeout: TimeSpan.FromMinutes(5));
                Task<ChildOutcome> Baseline() => ChildProcess.RunDotnetAsync(ChildProcess.Dll("Jooxter.Admin.Tests.dll"), ["read-closedxml", path], timeout: TimeSpan.FromMinutes(5));
                ChildOutcome import, baseline;
                if (round % 2 == 1)
                {
                    import = await Import();
                    baseline = await Baseline();
                }
                else
                {
                    baseline = await Baseline();
                    import = await Import();
                }

                if (import.ExitCode != 0 || baseline.ExitCode != 0)
                {
                    throw new InvalidOperationException($"The import exited with {import.ExitCode} ({import.Error.Trim()}), the baseline with {baseline.ExitCode} ({baseline.Error.Trim()}).");
                }

                imports.Add(import);
                baselines.Add(baseline);
                output.WriteLine($"Round {round}: command-line import {import.Elapsed.TotalSeconds:F2} s, peak {import.PeakBytes / 1048576.0:F0} MB; ClosedXML reading every cell {baseline.Elapsed.TotalSeconds:F2} s, peak {baseline.PeakBytes / 1048576.0:F0} MB; ratio {import.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds:F2}");
            }

            var importTime = Median(imports.Select(i => i.Elapsed.TotalSeconds).ToList());
            var baselineTime = Median(baselines.Select(b => b.Elapsed.TotalSeconds).ToList());
            output.WriteLine($"Medians: import {importTime:F2} s at {Median(imports.Select(i => i.PeakBytes / 1048576.0).ToList()):F0} MB, baseline {baselineTime:F2} s at {Median(baselines.Select(b => b.PeakBytes / 1048576.0).ToList()):F0} MB; import / baseline = {importTime / baselineTime:F2}; median of the rounds' ratios {Median(imports.Zip(baselines, (i, b) => i.Elapsed.TotalSeconds / b.Elapsed.TotalSeconds).ToList()):F2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static long ReadEveryCellWithClosedXml(byte[] file)
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

    /// <summary>
    /// Each phase starts with the garbage collected. After the ClosedXML baseline, the collection is aggressive and
    /// hands the freed memory back to the system: a normal one keeps it committed for reuse, so the baseline's 300 MB
    /// of garbage would stay counted in the resident memory of the import that follows. The baseline itself starts
    /// after a normal collection, so it never pays for faulting its memory in again (that would flatter the ratio);
    /// the import does pay for it.
    /// </summary>
    private static void ForceGc(bool returnMemory)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (returnMemory)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        else
        {
            GC.Collect();
        }
    }

    /// <summary>Starts a phase: what came since the last phase (warm-up, setting up a database) is counted apart.</summary>
    private static void StartPhase() => KeepPeak(Outside);

    private static void EndPhase(string phase) => KeepPeak(phase);

    /// <summary>
    /// Keeps the resident peak reached since the last reading under <paramref name="bucket"/>, then resets the
    /// kernel's peak (VmHWM) to the current resident size, so that what follows is counted apart.
    /// </summary>
    private static void KeepPeak(string bucket)
    {
        PhasePeaks[bucket] = Math.Max(PhasePeaks.GetValueOrDefault(bucket), ChildProcess.PeakResidentOfThisProcess());
        ResetPeak();
    }

    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Elsewhere each phase's peak is the process's peak so far.
        }
    }
}
