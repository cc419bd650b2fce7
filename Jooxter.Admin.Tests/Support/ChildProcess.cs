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

        // The sampler is a thread of its own, not a timer of the thread pool: with the pool starved by parallel tests, a
        // short child could run its whole life between two pool wake-ups, and the only reading left was the one taken
        // just after exec, before the kernel had counted any page (CI saw a peak of 0 once).
        long peak = 0;
        using var exited = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do
            {
                Volatile.Write(ref peak, Math.Max(Volatile.Read(ref peak), PeakResident(process.Id)));
            }
            while (!exited.Wait(5));
        }) { IsBackground = true, Name = "VmHWM sampler" };
        sampler.Start();

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
        finally
        {
            exited.Set();
            sampler.Join();
        }

        return new ChildOutcome(process.ExitCode, await output, await error, Volatile.Read(ref peak), watch.Elapsed);
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
