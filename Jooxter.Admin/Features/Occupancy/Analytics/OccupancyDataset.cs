using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Analytics;

/// <summary>
/// One hour of one zone (or of a floor's spaces outside zones) and one kind of space, in the building's local time:
/// how many space-hours were open, occupied and booked, and the most people present at once. Figures drawn from fewer
/// people than the customer's minimum group size are null: neither shown nor exported.
/// </summary>
public sealed record OccupancyRow(
    DateOnly Date, int Hour, string Building, string Floor, string? Zone, SpaceKind Kind, int Spaces,
    double OpenSpaceHours, double? OccupiedSpaceHours, double? BookedSpaceHours, int? People);

/// <summary>The space-level facts the figures are computed from, read once per request.</summary>
public sealed record SpaceFact(Guid Id, string Name, Guid FloorId, string Floor, Guid? ZoneId, string? Zone, SpaceKind Kind, int Capacity, double? PlanX, double? PlanY);

/// <summary>Anonymous counts and bookings of a set of spaces over local days, on the building's opening hours.</summary>
public sealed class OccupancyData
{
    public required Building Building { get; init; }

    public required IReadOnlyList<SpaceFact> Spaces { get; init; }

    public required DateOnly From { get; init; }

    public required DateOnly To { get; init; }

    /// <summary>Arrivals per space and quarter hour (UTC start), within opening hours.</summary>
    public required IReadOnlyList<(Guid Space, DateTime Bucket, int People)> Counts { get; init; }

    /// <summary>Bookings that held a space (confirmed, checked in or released as no-show), clipped to the period.</summary>
    public required IReadOnlyList<(Guid Space, Guid For, DateTime Start, DateTime End, ReservationStatus Status)> Bookings { get; init; }

    public TimeZoneInfo Zone => BuildingTime.Zone(Building.TimeZone);

    /// <summary>The open quarter hours of the period (UTC starts), by the building's days and hours.</summary>
    public IEnumerable<DateTime> OpenBuckets()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            if (!BookingRules.IsOpen(Building.OpenDays, day.DayOfWeek))
            {
                continue;
            }

            var start = day.ToDateTime(Building.OpensAt ?? TimeOnly.MinValue);
            var end = Building.ClosesAt is { } closes ? day.ToDateTime(closes) : day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            for (var t = start; t < end; t = t.AddMinutes(15))
            {
                if (!Zone.IsInvalidTime(t))
                {
                    yield return TimeZoneInfo.ConvertTimeToUtc(t, Zone);
                }
            }
        }
    }

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    public static async Task<OccupancyData> LoadAsync(AdminDbContext db, Building building, IQueryable<Space> spaces, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var facts = await spaces.Where(s => s.IsEnabled)
            .Join(db.Floors, s => s.FloorId, f => f.Id, (s, f) => new { s, Floor = f.Name })
            .Select(x => new SpaceFact(x.s.Id, x.s.Name, x.s.FloorId, x.Floor, x.s.ZoneId, db.Zones.Where(z => z.Id == x.s.ZoneId).Select(z => z.Name).FirstOrDefault(), x.s.Kind, x.s.Capacity, x.s.PlanX, x.s.PlanY))
            .ToListAsync(ct);
        var zone = BuildingTime.Zone(building.TimeZone);
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
        var toUtc = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var ids = facts.Select(f => f.Id).ToList();
        var counts = (await db.OccupancyCounts.AsNoTracking().Where(c => ids.Contains(c.SpaceId) && c.BucketStartUtc >= fromUtc && c.BucketStartUtc < toUtc)
                .Select(c => new { c.SpaceId, c.BucketStartUtc, c.People }).ToListAsync(ct))
            .Select(c => (c.SpaceId, DateTime.SpecifyKind(c.BucketStartUtc, DateTimeKind.Utc), c.People)).ToList();
        var bookings = (await db.Reservations.AsNoTracking()
                .Where(r => ids.Contains(r.SpaceId) && r.StartsAtUtc < toUtc && r.EndsAtUtc > fromUtc
                    && (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn || r.Status == ReservationStatus.Released))
                .Select(r => new { r.SpaceId, For = r.BeneficiaryId ?? r.HolderId, r.StartsAtUtc, r.EndsAtUtc, r.Status }).ToListAsync(ct))
            .Select(r => (r.SpaceId, r.For, r.StartsAtUtc < fromUtc ? fromUtc : r.StartsAtUtc, r.EndsAtUtc > toUtc ? toUtc : r.EndsAtUtc, r.Status)).ToList();
        var open = new OccupancyData { Building = building, Spaces = facts, From = from, To = to, Counts = [], Bookings = bookings }.OpenBuckets().ToHashSet();
        return new OccupancyData { Building = building, Spaces = facts, From = from, To = to, Counts = counts.Where(c => open.Contains(c.Item2)).ToList(), Bookings = bookings };
    }
}
