namespace Jooxter.Admin.Features.Places.Plans;

/// <summary>
/// A position on a floor plan, stored relative to the plan (0 to 1 on each axis) so that a replacement image of another
/// resolution keeps every marker where it was.
/// </summary>
public readonly record struct PlanPoint(double X, double Y)
{
    public static PlanPoint FromPixels(double x, double y, double width, double height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "A plan has a positive size.");
        }

        return new PlanPoint(Clamp(x / width), Clamp(y / height));
    }

    public (double X, double Y) ToPixels(double width, double height) => (X * width, Y * height);

    /// <summary>From coordinates typed as percentages (the keyboard way to place a marker).</summary>
    public static PlanPoint? FromPercent(double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) && x is >= 0 and <= 100 && y is >= 0 and <= 100 ? new PlanPoint(x / 100, y / 100) : null;

    public bool IsValid => X is >= 0 and <= 1 && Y is >= 0 and <= 1;

    /// <summary>A relative coordinate as a CSS percentage ("25", "12.5"), invariant culture.</summary>
    public static string Percent(double value) => (value * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Points for an SVG polyline or polygon drawn in a 0–100 view box.</summary>
    public static string SvgPoints(IEnumerable<PlanPoint> points) => string.Join(" ", points.Select(p => $"{Percent(p.X)},{Percent(p.Y)}"));

    private static double Clamp(double value) => double.IsFinite(value) ? Math.Clamp(value, 0, 1) : 0;
}
