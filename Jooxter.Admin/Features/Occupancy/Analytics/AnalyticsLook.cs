using System.Globalization;

namespace Jooxter.Admin.Features.Occupancy.Analytics;

/// <summary>How analytics figures are written and shaded, the same in tiles, tables and on the plan.</summary>
public static class AnalyticsLook
{
    public static string Percent(double? value, string hidden) => value is { } v ? v.ToString("P0", CultureInfo.CurrentUICulture) : hidden;

    public static string Hours(double? value) => value is { } v ? $"{v:N0} h" : "—";

    /// <summary>Darker blue for higher use, with the figure written beside it: colour is never the only cue. Hidden figures are hatched.</summary>
    public static string HeatStyle(double? value) => value is { } v
        ? $"background: rgba(31, 91, 216, {(0.08 + (0.85 * Math.Clamp(v, 0, 1))).ToString("0.00", CultureInfo.InvariantCulture)}); color: {(v > 0.5 ? "#fff" : "#111")};"
        : "background: repeating-linear-gradient(45deg, #eee, #eee 4px, #fff 4px, #fff 8px); color: #333;";

    /// <summary>The weekdays the report has, Monday first.</summary>
    public static IEnumerable<DayOfWeek> Weekdays(AnalyticsReport report) => report.ByWeekdayHour.Select(c => c.Day).Distinct().OrderBy(d => ((int)d + 6) % 7);

    /// <summary>Average of the shown cells, in percent (hidden ones are left out, not taken as zero).</summary>
    public static double Average(IEnumerable<HourCell> cells)
    {
        var shown = cells.Where(c => c.Utilisation is not null).ToList();
        return shown.Count == 0 ? 0 : Math.Round(shown.Average(c => c.Utilisation!.Value) * 100, 1);
    }
}
