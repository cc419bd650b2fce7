using System.Globalization;
using System.Text;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Analytics;

/// <summary>A page of the aggregate feed, with the address of the next one (Power BI's web connector follows it).</summary>
public sealed record FeedPage(IReadOnlyList<OccupancyRow> Items, int Page, int PageSize, int Total, string? NextPage);

/// <summary>
/// <c>GET /api/v1/analytics/occupancy?from=2026-01-01&amp;to=2026-01-31&amp;page=0</c>: every building's hour-by-zone
/// dataset, paged, for Power BI's web connector, with a customer's analytics key (header <c>Authorization: Bearer</c> or
/// <c>X-Api-Key</c>). Aggregates only: no person, and no figure of fewer people than the customer's minimum group size.
/// </summary>
public static class AnalyticsFeed
{
    public const string Path = "/api/v1/analytics/occupancy";
    public const int PageSize = 1000;

    public static IEndpointRouteBuilder MapAnalyticsFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, GetAsync)
            .AllowAnonymous()
            .RequireRateLimiting(Ingestion.DetectionEndpoints.RateLimitPolicy)
            .WithName("GetOccupancyFeed")
            .WithTags("Analytics")
            .WithSummary("Aggregate occupancy by hour, floor, zone and kind of space, paged")
            .WithDescription("Authenticated by a customer's analytics key. Dates are local to each building; at most 366 days. Figures drawn from fewer people than the customer's minimum group size are null.")
            .Produces<FeedPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> GetAsync(HttpRequest request, DateOnly? from, DateOnly? to, int? page, AccessKeyAuthenticator keys, DatabaseOptions databaseOptions, TimeProvider clock, CancellationToken ct)
    {
        if (await keys.AuthenticateAsync(AccessKeyAuthenticator.PresentedKey(request), AccessKeyPurpose.Analytics, ct) is not { } tenantId)
        {
            return Results.Problem(title: "An analytics key of this customer is required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (start, end, index) = (from ?? today.AddDays(-30), to ?? today.AddDays(-1), page ?? 0);
        if (end < start || end.DayNumber - start.DayNumber >= AnalyticsService.LongestPeriodDays || index < 0)
        {
            return Results.Problem(title: "Invalid period or page.", detail: $"from ≤ to, at most {AnalyticsService.LongestPeriodDays} days, page ≥ 0.", statusCode: StatusCodes.Status400BadRequest);
        }

        await using var db = AdminDatabase.Create(databaseOptions, DataScope.ForTenant(tenantId, null, "api"), clock);
        var minimum = (await db.Tenants.AsNoTracking().SingleAsync(ct)).EffectiveMinimumGroupSize;
        var rows = new List<OccupancyRow>();
        foreach (var building in await db.Buildings.AsNoTracking().Where(b => !b.IsArchived).OrderBy(b => b.Name).ToListAsync(ct))
        {
            var spaces = db.Spaces.Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == building.Id));
            rows.AddRange(AnalyticsService.Rows(await OccupancyData.LoadAsync(db, building, spaces, start, end, ct), minimum));
        }

        var items = rows.Skip(index * PageSize).Take(PageSize).ToList();
        var next = (index + 1) * PageSize < rows.Count ? $"{Path}?from={start:yyyy-MM-dd}&to={end:yyyy-MM-dd}&page={index + 1}" : null;
        return Results.Ok(new FeedPage(items, index, PageSize, rows.Count, next));
    }

    /// <summary>The dataset as CSV (UTF-8 with a byte-order mark, so that Excel reads accents), one row per hour and zone.</summary>
    public static byte[] Csv(IReadOnlyList<OccupancyRow> rows)
    {
        var text = new StringBuilder("date,hour,building,floor,zone,kind,spaces,open_space_hours,occupied_space_hours,booked_space_hours,people\r\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Date:yyyy-MM-dd},{r.Hour},{Quote(r.Building)},{Quote(r.Floor)},{Quote(r.Zone ?? "")},{r.Kind},{r.Spaces},{r.OpenSpaceHours:0.##},{r.OccupiedSpaceHours?.ToString("0.##", CultureInfo.InvariantCulture) ?? ""},{r.BookedSpaceHours?.ToString("0.##", CultureInfo.InvariantCulture) ?? ""},{r.People?.ToString(CultureInfo.InvariantCulture) ?? ""}\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(IReadOnlyList<OccupancyRow> rows, Microsoft.Extensions.Localization.IStringLocalizer text)
    {
        string[] headers = ["Analytics.Date", "Analytics.Hour", "Reservations.Building", "Reservations.Floor", "Occupancy.Zone", "Spaces.Kind", "Analytics.Spaces", "Analytics.OpenHours", "Analytics.OccupiedHours", "Analytics.BookedHours", "Analytics.People"];
        var header = (1, (IEnumerable<Shared.Spreadsheets.WrittenCell>)headers.Select((h, i) => new Shared.Spreadsheets.WrittenCell(i, text[h], Shared.Spreadsheets.CellLook.Header)).ToList());
        var lines = rows.Select((r, i) => (i + 2, (IEnumerable<Shared.Spreadsheets.WrittenCell>)
        [
            new(0, r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new(1, r.Hour.ToString(CultureInfo.InvariantCulture)), new(2, r.Building), new(3, r.Floor), new(4, r.Zone ?? ""),
            new(5, text[$"SpaceKind.{r.Kind}"]), new(6, r.Spaces.ToString(CultureInfo.InvariantCulture)), new(7, r.OpenSpaceHours.ToString("0.##", CultureInfo.InvariantCulture)),
            new(8, r.OccupiedSpaceHours?.ToString("0.##", CultureInfo.InvariantCulture) ?? ""), new(9, r.BookedSpaceHours?.ToString("0.##", CultureInfo.InvariantCulture) ?? ""), new(10, r.People?.ToString(CultureInfo.InvariantCulture) ?? ""),
        ]));
        return Shared.Spreadsheets.SheetWriter.Write(text["Analytics.Title"], lines.Prepend(header), new Dictionary<int, double> { [0] = 12, [2] = 20, [3] = 16, [4] = 16, [5] = 16 });
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith('=') || value.StartsWith('+') || value.StartsWith('-') || value.StartsWith('@')
        ? $"\"{(value.StartsWith('=') || value.StartsWith('+') || value.StartsWith('-') || value.StartsWith('@') ? "'" : "")}{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}
