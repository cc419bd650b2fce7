using System.Diagnostics;

namespace Jooxter.Admin.Tests.Support;

/// <summary>The outcome of a child process, with its peak resident memory as the kernel counted it (VmHWM, 0 if it did not end normally).</summary>
public sealed record ChildOutcome(int ExitCode, string Output, string Error, long PeakBytes, TimeSpan Elapsed);

/// <summary>Runs a program of this solution (its built dll) as its own process, with the peak memory the kernel counted for it.</summary>
public static class ChildProcess
{
    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name);

    public static async Task<ChildOutcome> RunDotnetAsync(string dll, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        // The child writes its own high-water mark as it exits (a startup hook of this assembly, so neither program
        // carries code for it). Sampling from here is not enough: a child of 100 ms can live and die within one
        // garbage-collection pause of this busy test process (CI read a peak of 0 twice).
        var peakFile = Path.Combine(Path.GetTempPath(), $"jooxter-peak-{Guid.NewGuid():N}");
        var hooks = start.Environment.TryGetValue("DOTNET_STARTUP_HOOKS", out var existing) && !string.IsNullOrEmpty(existing) ? existing + Path.PathSeparator : "";
        start.Environment["DOTNET_STARTUP_HOOKS"] = hooks + typeof(ChildProcess).Assembly.Location;
        start.Environment[StartupHook.FileVariable] = peakFile;
        try
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not finish in time.");
            }

            // No file: the process did not end normally (a crash, a kill), and its exit code says so.
            var peak = File.Exists(peakFile) && long.TryParse(await File.ReadAllTextAsync(peakFile), System.Globalization.CultureInfo.InvariantCulture, out var written) ? written : 0;
            return new ChildOutcome(process.ExitCode, await output, await error, peak, watch.Elapsed);
        }
        finally
        {
            File.Delete(peakFile);
            File.Delete(peakFile + ".part");
        }
    }

    /// <summary>
    /// The kernel's count of this process's peak resident memory (VmHWM, bytes), or the runtime's peak working set where
    /// there is no <c>/proc</c>. Read by a child as it exits (<see cref="StartupHook"/>) and by the in-process benchmark.
    /// </summary>
    public static long PeakResidentOfThisProcess()
    {
        if (File.Exists("/proc/self/status"))
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
