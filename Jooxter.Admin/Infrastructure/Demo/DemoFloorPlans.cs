using System.Globalization;
using System.Net;
using System.Text;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Plans;

namespace Jooxter.Admin.Infrastructure.Demo;

/// <summary>
/// Draws a demo floor as an SVG plan (outer walls, one area per zone, a desk or room shape per space) and places every
/// space and zone outline on it, so that a newcomer sees bookings and occupancy on a plan at once.
/// </summary>
public static class DemoFloorPlans
{
    private const double Width = 1000;
    private const double Height = 600;

    public static FloorPlan Draw(Floor floor, IReadOnlyList<Zone> zones, IReadOnlyList<Space> spaces, DateTime now)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" font-family="sans-serif">""");
        svg.Append("""<rect x="10" y="10" width="980" height="580" fill="#fafafa" stroke="#444" stroke-width="6"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="24" y="36" font-size="18" fill="#444">{WebUtility.HtmlEncode(floor.Name)}</text>""");

        // Zones side by side across the top three quarters; spaces without a zone along the bottom.
        var areas = zones.Count == 0 ? 1 : zones.Count;
        var areaWidth = (Width - 60 - (areas - 1) * 20) / areas;
        for (var i = 0; i < zones.Count; i++)
        {
            var (x, y, w, h) = (30 + i * (areaWidth + 20), 50.0, areaWidth, 360.0);
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.#}" y="{y:0.#}" width="{w:0.#}" height="{h:0.#}" fill="#eef3fb" stroke="#8aa4cc" stroke-width="2" rx="6"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 10:0.#}" y="{y + 22:0.#}" font-size="16" fill="#33507a">{WebUtility.HtmlEncode(zones[i].Name)}</text>""");
            zones[i].Outline = FormattableString.Invariant($"[[{x / Width:0.###},{y / Height:0.###}],[{(x + w) / Width:0.###},{y / Height:0.###}],[{(x + w) / Width:0.###},{(y + h) / Height:0.###}],[{x / Width:0.###},{(y + h) / Height:0.###}]]");
            Place(svg, spaces.Where(s => s.ZoneId == zones[i].Id).ToList(), x, y + 30, w, h - 30);
        }

        var loose = spaces.Where(s => s.ZoneId is null || zones.All(z => z.Id != s.ZoneId)).ToList();
        var (top, height) = zones.Count == 0 ? (50.0, 520.0) : (430.0, 140.0);
        if (loose.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="30" y="{top:0.#}" width="940" height="{height:0.#}" fill="#f4f1ea" stroke="#b9ad8f" stroke-width="2" rx="6"/>""");
            Place(svg, loose, 30, top, 940, height);
        }

        svg.Append("</svg>");
        return new FloorPlan
        {
            TenantId = floor.TenantId,
            FloorId = floor.Id,
            ContentType = "image/svg+xml",
            Content = Encoding.UTF8.GetBytes(svg.ToString()),
            Width = Width,
            Height = Height,
            UploadedAtUtc = now,
        };
    }

    /// <summary>Lays spaces out in a grid inside an area, drawing each and setting its relative position.</summary>
    private static void Place(StringBuilder svg, List<Space> spaces, double x, double y, double w, double h)
    {
        if (spaces.Count == 0)
        {
            return;
        }

        var columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(spaces.Count * w / h)));
        var rows = (int)Math.Ceiling(spaces.Count / (double)columns);
        var cellW = w / columns;
        var cellH = h / rows;
        for (var i = 0; i < spaces.Count; i++)
        {
            var cx = x + (i % columns + 0.5) * cellW;
            var cy = y + (i / columns + 0.5) * cellH;
            var (sw, sh) = spaces[i].Kind == SpaceKind.Desk ? (Math.Min(46, cellW * 0.6), Math.Min(26, cellH * 0.45)) : (Math.Min(120, cellW * 0.8), Math.Min(70, cellH * 0.7));
            var fill = spaces[i].Kind switch { SpaceKind.MeetingRoom => "#e8f0e0", SpaceKind.PhoneBooth => "#f3e6f5", SpaceKind.Locker => "#eeeeee", _ => "#ffffff" };
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{cx - sw / 2:0.#}" y="{cy - sh / 2:0.#}" width="{sw:0.#}" height="{sh:0.#}" fill="{fill}" stroke="#666" stroke-width="1.5" rx="3"/>""");
            spaces[i].PlanX = Math.Round(cx / Width, 4);
            spaces[i].PlanY = Math.Round(cy / Height, 4);
        }
    }
}
