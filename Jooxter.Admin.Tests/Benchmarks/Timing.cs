using System.Diagnostics;

namespace Jooxter.Admin.Tests.Benchmarks;

internal static class Timing
{
    /// <summary>Runs the action once to warm up, then times it; returns the median and the slowest run in milliseconds.</summary>
    public static async Task<(double Median, double Max)> MeasureAsync(Func<Task<int>> action, int runs = 15)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }
}
