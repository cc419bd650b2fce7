using System.Globalization;
using Jooxter.Admin.Tests.Support;
using Jooxter.Admin.Tests.Support.Hostile;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Time and peak memory of a process that refuses each hostile file, beside the same process reading a valid
/// 2,000-employee workbook and a valid plan (the baseline, measured in the same run).
/// </summary>
public static class HostileBenchmark
{
    public static async Task RunAsync(TextWriter output)
    {
        var baselineWorkbook = Path.Combine(Path.GetTempPath(), "jooxter-bench-valid.xlsx");
        await File.WriteAllBytesAsync(baselineWorkbook, Workbooks.Employees(2_000));
        var baselinePlan = Path.Combine(Path.GetTempPath(), "jooxter-bench-valid.png");
        await File.WriteAllBytesAsync(baselinePlan, Images.Png(4000, 3000));
        var probe = ChildProcess.Dll("Jooxter.Admin.Tests.dll");

        output.WriteLine("file | kind | answer | seconds | peak MB");
        async Task Row(string name, string kind, string path)
        {
            var run = await ChildProcess.RunDotnetAsync(probe, ["probe", kind, path]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {kind} | {(run.ExitCode == 0 ? run.Output.Trim().Replace("ANSWER ", "", StringComparison.Ordinal) : $"CRASHED (exit {run.ExitCode})")} | {run.Elapsed.TotalSeconds:0.00} | {(run.PeakBytes > 0 ? (run.PeakBytes / 1024.0 / 1024).ToString("0", CultureInfo.InvariantCulture) : "n/a")}"));
        }

        await Row("baseline: valid 2,000-employee workbook", "Workbook", baselineWorkbook);
        await Row("baseline: valid 12-megapixel PNG plan", "Plan", baselinePlan);
        foreach (var file in HostileCorpus.All)
        {
            await Row(file.Name, file.Kind.ToString(), HostileFiles.PathOf(file));
        }
    }
}
