using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Analytics;

public sealed record AnalyticsQuery(Guid BuildingId, Guid? FloorId, Guid? ZoneId, SpaceKind? Kind, DateOnly From, DateOnly To);

/// <summary>Headline figures; each is null when drawn from fewer people than the customer's minimum group size.</summary>
public sealed record AnalyticsSummary(
    int Spaces, int Capacity, double OpenSpaceHours, double? OccupiedSpaceHours, double? Utilisation, int? PeakPeople, DateTime? PeakAtLocal,
    double? BookedSpaceHours, double? NoShowRate, int MinimumGroupSize);

/// <summary>Utilisation of one weekday and hour (local), or null when hidden (too few people) or never open.</summary>
public sealed record HourCell(DayOfWeek Day, int Hour, double? Utilisation);

/// <summary>A space on the heat map: its utilisation over the period, null when drawn from too few people.</summary>
public sealed record SpaceHeat(Guid SpaceId, string Name, double? PlanX, double? PlanY, double? Utilisation);

public sealed record AnalyticsReport(AnalyticsSummary Summary, IReadOnlyList<HourCell> ByWeekdayHour, IReadOnlyList<int> OpenHours, IReadOnlyList<SpaceHeat> Heat, bool HasPlan, Guid? FloorId);

/// <summary>
/// Occupancy analytics from the anonymous counts and the bookings, for the caller's scope: utilisation (occupied time
/// over open time), peak, booked against occupied, no-show rate, by weekday and hour, and per space for the heat map.
/// No figure drawn from fewer people than the customer's minimum group size (never below 5) is given, here or in any export.
/// </summary>
/// <remarks>
/// The counts carry no identity and a person staying counts again in each quarter hour, so the people behind a figure
/// are taken at their surest lower bound: the most present in one quarter hour across the figure's spaces (people
/// counted at once are different people). A figure whose bound is below the threshold is hidden.
/// </remarks>
public sealed class AnalyticsService(AdminDatabase database, CurrentUser currentUser)
{
    public const int LongestPeriodDays = 366;

    public async Task<AnalyticsReport?> ReportAsync(AnalyticsQuery query, CancellationToken ct = default) =>
        await LoadAsync(query, ct) is { } loaded ? Compute(loaded.Data, loaded.Minimum, query.FloorId, loaded.HasPlan) : null;

    /// <summary>The hour-by-zone dataset of a building (CSV or XLSX export, and the Power BI feed): aggregates only.</summary>
    public async Task<IReadOnlyList<OccupancyRow>?> DatasetAsync(AnalyticsQuery query, CancellationToken ct = default) =>
        await LoadAsync(query, ct) is { } loaded ? Rows(loaded.Data, loaded.Minimum) : null;

    /// <summary>The counts and bookings of the query's spaces within the caller's scope, or null for a place out of reach or a bad period.</summary>
    private async Task<(OccupancyData Data, int Minimum, bool HasPlan)?> LoadAsync(AnalyticsQuery query, CancellationToken ct)
    {
        var user = await currentUser.DemandAsync(Capability.ViewAnalytics);
        if (query.To < query.From || query.To.DayNumber - query.From.DayNumber >= LongestPeriodDays)
        {
            return null;
        }

        await using var db = await database.OpenAsync();
        var (building, spaces) = await ScopeAsync(db, user, query, ct);
        if (building is null)
        {
            return null;
        }

        var minimum = (await db.Tenants.AsNoTracking().SingleAsync(ct)).EffectiveMinimumGroupSize;
        var hasPlan = query.FloorId is { } floor && await db.FloorPlans.AnyAsync(p => p.FloorId == floor, ct);
        return (await OccupancyData.LoadAsync(db, building, spaces!, query.From, query.To, ct), minimum, hasPlan);
    }

    /// <summary>The zones of a floor of the caller's scope, to narrow the figures to one.</summary>
    public async Task<IReadOnlyList<NamedItem>> ZonesAsync(Guid floorId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewAnalytics);
        await using var db = await database.OpenAsync();
        var scope = await PlaceScope.ForAsync(db, user, ct);
        return await db.Zones.AsNoTracking().Where(z => z.FloorId == floorId && !z.IsArchived && scope.Floors(db).Any(f => f.Id == floorId))
            .OrderBy(z => z.Name).Select(z => new NamedItem(z.Id, z.Name)).ToListAsync(ct);
    }

    /// <summary>Sets the customer's minimum group size (administrators); below 5 is refused.</summary>
    public async Task<OperationResult> SetMinimumGroupSizeAsync(int size, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        if (size < Tenants.Tenant.SmallestGroup || size > 1000)
        {
            return OperationResult.Fail("MinimumGroupSize", "Analytics.MinimumGroupSizeRange");
        }

        await using var db = await database.OpenAsync();
        var tenant = await db.Tenants.SingleAsync(ct);
        tenant.MinimumGroupSize = size;
        tenant.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    private static async Task<(Building? Building, IQueryable<Space>? Spaces)> ScopeAsync(AdminDbContext db, UserContext user, AnalyticsQuery query, CancellationToken ct)
    {
        var scope = await PlaceScope.ForAsync(db, user, ct);
        var building = await scope.Buildings(db).AsNoTracking().SingleOrDefaultAsync(b => b.Id == query.BuildingId, ct);
        if (building is null)
        {
            return (null, null);
        }

        var spaces = scope.Spaces(db).Where(s => db.Floors.Any(f => f.Id == s.FloorId && f.BuildingId == building.Id));
        if (query.FloorId is { } floor)
        {
            if (!await scope.Floors(db).AnyAsync(f => f.Id == floor && f.BuildingId == building.Id, ct))
            {
                return (null, null);
            }

            spaces = spaces.Where(s => s.FloorId == floor);
        }

        if (query.ZoneId is { } zone)
        {
            spaces = spaces.Where(s => s.ZoneId == zone);
        }

        if (query.Kind is { } kind)
        {
            spaces = spaces.Where(s => s.Kind == kind);
        }

        return (building, spaces);
    }

    /// <summary>The report's figures from the loaded facts; pure, so that tests can give it counts of their own.</summary>
    public static AnalyticsReport Compute(OccupancyData data, int minimum, Guid? floorId, bool hasPlan)
    {
        const double Quarter = 0.25;
        var open = data.OpenBuckets().ToList();
        var spaceCount = data.Spaces.Count;
        var openSpaceHours = open.Count * Quarter * spaceCount;
        var occupied = data.Counts.Where(c => c.People > 0).ToList();
        var peak = data.Counts.GroupBy(c => c.Bucket).Select(g => (Bucket: g.Key, People: g.Sum(c => c.People))).OrderByDescending(g => g.People).FirstOrDefault();
        var enough = peak.People >= minimum;
        var bookedHours = data.Bookings.Sum(b => OpenOverlapHours(b.Start, b.End, open));
        var bookers = data.Bookings.Select(b => b.For).Distinct().Count();
        var settled = data.Bookings.Where(b => b.Status is ReservationStatus.CheckedIn or ReservationStatus.Released).ToList();
        var settledPeople = settled.Select(b => b.For).Distinct().Count();

        var summary = new AnalyticsSummary(
            spaceCount,
            data.Spaces.Sum(s => s.Capacity),
            openSpaceHours,
            enough ? occupied.Count * Quarter : null,
            enough && openSpaceHours > 0 ? occupied.Count * Quarter / openSpaceHours : null,
            enough ? peak.People : null,
            enough ? data.Local(peak.Bucket) : null,
            bookers >= minimum ? bookedHours : null,
            settledPeople >= minimum && settled.Count > 0 ? settled.Count(b => b.Status == ReservationStatus.Released) / (double)settled.Count : null,
            minimum);

        var openByCell = open.GroupBy(b => Cell(data.Local(b))).ToDictionary(g => g.Key, g => g.Count() * spaceCount);
        var countsByCell = data.Counts.GroupBy(c => Cell(data.Local(c.Bucket))).ToDictionary(g => g.Key, g => (Occupied: g.Count(c => c.People > 0), People: AtOnce(g)));
        var cells = openByCell.Keys.OrderBy(k => ((int)k.Day + 6) % 7).ThenBy(k => k.Hour)
            .Select(k => new HourCell(k.Day, k.Hour, countsByCell.TryGetValue(k, out var c) && c.People >= minimum ? c.Occupied / (double)openByCell[k] : countsByCell.ContainsKey(k) ? null : 0))
            .ToList();
        var openHours = openByCell.Keys.Select(k => k.Hour).Distinct().Order().ToList();

        var bySpace = data.Counts.GroupBy(c => c.Space).ToDictionary(g => g.Key, g => (Occupied: g.Count(c => c.People > 0), People: AtOnce(g)));
        var heat = floorId is null ? [] : data.Spaces.Where(s => s.FloorId == floorId).Select(s => new SpaceHeat(s.Id, s.Name, s.PlanX, s.PlanY,
            bySpace.TryGetValue(s.Id, out var v) ? v.People >= minimum && open.Count > 0 ? v.Occupied / (double)open.Count : null : 0)).ToList();
        return new AnalyticsReport(summary, cells, openHours, heat, hasPlan, floorId);
    }

    /// <summary>The dataset's rows: one per local day, hour, floor, zone and kind of space that was open.</summary>
    public static IReadOnlyList<OccupancyRow> Rows(OccupancyData data, int minimum)
    {
        const double Quarter = 0.25;
        var groups = data.Spaces.GroupBy(s => (s.FloorId, s.Floor, s.ZoneId, s.Zone, s.Kind)).ToList();
        var counts = data.Counts.ToLookup(c => c.Space);
        var bookings = data.Bookings.ToLookup(b => b.Space);
        var open = data.OpenBuckets().ToList();
        var rows = new List<OccupancyRow>();
        foreach (var hour in open.GroupBy(b => (Date: DateOnly.FromDateTime(data.Local(b)), data.Local(b).Hour)))
        {
            var buckets = hour.ToHashSet();
            foreach (var g in groups)
            {
                var inHour = g.SelectMany(s => counts[s.Id]).Where(c => buckets.Contains(c.Bucket)).ToList();
                var atOnce = AtOnce(inHour);
                var hourBookings = g.SelectMany(s => bookings[s.Id]).Where(b => OpenOverlapHours(b.Start, b.End, hour.ToList()) > 0).ToList();
                var booked = hourBookings.Sum(b => OpenOverlapHours(b.Start, b.End, hour.ToList()));
                rows.Add(new OccupancyRow(hour.Key.Date, hour.Key.Hour, data.Building.Name, g.Key.Floor, g.Key.Zone, g.Key.Kind, g.Count(),
                    buckets.Count * Quarter * g.Count(),
                    atOnce >= minimum ? inHour.Count(c => c.People > 0) * Quarter : null,
                    hourBookings.Select(b => b.For).Distinct().Count() >= minimum ? booked : null,
                    atOnce >= minimum ? atOnce : null));
            }
        }

        return rows;
    }

    private static (DayOfWeek Day, int Hour) Cell(DateTime local) => (local.DayOfWeek, local.Hour);

    /// <summary>The most people counted in one quarter hour across these counts: a lower bound of the distinct people behind them.</summary>
    private static int AtOnce(IEnumerable<(Guid Space, DateTime Bucket, int People)> counts) =>
        counts.GroupBy(c => c.Bucket).Select(g => g.Sum(c => c.People)).DefaultIfEmpty(0).Max();

    private static double OpenOverlapHours(DateTime start, DateTime end, IReadOnlyCollection<DateTime> openBuckets) =>
        openBuckets.Sum(b => Math.Max(0, (Min(end, b.AddMinutes(15)) - Max(start, b)).TotalHours));

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
