using System.Diagnostics;

namespace Jooxter.Admin.Tests.Support;

/// <summary>The outcome of a child process, with its peak resident memory as the kernel counted it (VmHWM).</summary>
public sealed record ChildOutcome(int ExitCode, string Output, string Error, long PeakBytes, TimeSpan Elapsed);

/// <summary>Runs a program of this solution (its built dll) as its own process, measuring its peak memory from outside.</summary>
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

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResident(process.Id));
            try
            {
                await Task.Delay(15, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', args)} did not finish in time.");
            }
        }

        await process.WaitForExitAsync();
        return new ChildOutcome(process.ExitCode, await output, await error, peak, watch.Elapsed);
    }

    /// <summary>VmHWM of a live process, in bytes (0 once it has gone).</summary>
    private static long PeakResident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
