using Jooxter.Admin.Features.Occupancy.Analytics;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;

namespace Jooxter.Admin.Tests.Features.Occupancy;

public sealed class AnalyticsTests
{
    // Monday 2 March 2026 in Paris (UTC+1): open 08:00–10:00 local, that is 07:00–09:00 UTC, eight quarter hours.
    private static readonly DateOnly Monday = new(2026, 3, 2);
    private static readonly Guid Floor = Guid.NewGuid();
    private static readonly SpaceFact Desk1 = new(Guid.NewGuid(), "D-1", Floor, "First", null, null, SpaceKind.Desk, 1, 0.2, 0.2);
    private static readonly SpaceFact Desk2 = new(Guid.NewGuid(), "D-2", Floor, "First", null, null, SpaceKind.Desk, 1, 0.8, 0.8);

    private static DateTime Utc(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, DateTimeKind.Utc);

    private static OccupancyData Data(IReadOnlyList<(Guid, DateTime, int)> counts, IReadOnlyList<(Guid, Guid, DateTime, DateTime, ReservationStatus)>? bookings = null) => new()
    {
        Building = new Building { Name = "HQ", TimeZone = "Europe/Paris", OpensAt = new TimeOnly(8, 0), ClosesAt = new TimeOnly(10, 0), OpenDays = OpenDays.Weekdays },
        Spaces = [Desk1, Desk2],
        From = Monday,
        To = Monday,
        Counts = counts,
        Bookings = bookings ?? [],
    };

    [Fact]
    public void Utilisation_is_occupied_time_over_open_time_and_the_peak_is_the_busiest_quarter_hour()
    {
        var data = Data([(Desk1.Id, Utc(7, 0), 5), (Desk2.Id, Utc(7, 0), 1), (Desk1.Id, Utc(7, 15), 1), (Desk1.Id, Utc(7, 30), 1)]);

        var report = AnalyticsService.Compute(data, minimum: 5, Floor, hasPlan: true);

        // 2 spaces × 8 open quarter hours = 4 space-hours open; 4 occupied quarter hours = 1 space-hour.
        report.Summary.OpenSpaceHours.ShouldBe(4);
        report.Summary.OccupiedSpaceHours.ShouldBe(1);
        report.Summary.Utilisation.ShouldBe(0.25);
        report.Summary.PeakPeople.ShouldBe(6);
        report.Summary.PeakAtLocal.ShouldBe(new DateTime(2026, 3, 2, 8, 0, 0));
        report.OpenHours.ShouldBe([8, 9]);
        // 08:00–09:00 local: 4 of 8 space-quarters occupied, 6 people at once at most; 09:00–10:00: nothing, shown as 0.
        report.ByWeekdayHour.ShouldBe([new HourCell(DayOfWeek.Monday, 8, 0.5), new HourCell(DayOfWeek.Monday, 9, 0)]);
        // Desk 1: 3 of 8 quarters, 5 people at once at most; desk 2: 1 quarter with 1 person, hidden.
        report.Heat.Select(h => (h.Name, h.Utilisation)).ShouldBe([("D-1", 3 / 8.0), ("D-2", (double?)null)]);
    }

    [Fact]
    public void No_figure_drawn_from_fewer_people_than_the_minimum_is_given_in_the_report_or_the_dataset()
    {
        var data = Data([(Desk1.Id, Utc(7, 0), 2), (Desk2.Id, Utc(7, 15), 2)]);

        var report = AnalyticsService.Compute(data, minimum: 5, Floor, hasPlan: true);
        report.Summary.Utilisation.ShouldBeNull();
        report.Summary.OccupiedSpaceHours.ShouldBeNull();
        report.Summary.PeakPeople.ShouldBeNull();
        report.ByWeekdayHour.Single(c => c.Hour == 8).Utilisation.ShouldBeNull();
        report.Heat.Select(h => h.Utilisation).ShouldBe([null, null]);

        var rows = AnalyticsService.Rows(data, minimum: 5);
        rows.Select(r => (r.Hour, r.People, r.OpenSpaceHours, r.OccupiedSpaceHours)).ShouldBe([(8, (int?)null, 2.0, (double?)null), (9, (int?)null, 2.0, (double?)null)]);

        // One person at a desk all morning is eight quarter hours of counts, but one person: still hidden.
        var alone = Data([.. Enumerable.Range(0, 8).Select(q => (Desk1.Id, Utc(7, 0).AddMinutes(15 * q), 1))]);
        AnalyticsService.Compute(alone, minimum: 5, Floor, hasPlan: true).Summary.Utilisation.ShouldBeNull();
        AnalyticsService.Rows(alone, minimum: 5).Select(r => r.OccupiedSpaceHours).ShouldBe([null, null]);

        // The same counts with a customer that asked for 4: still hidden, the floor is 5.
        new Tenant { Slug = "x", Name = "x", MinimumGroupSize = 4 }.EffectiveMinimumGroupSize.ShouldBe(5);
    }

    [Fact]
    public void Booked_time_counts_only_open_hours_and_the_no_show_rate_needs_enough_people()
    {
        var people = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        // Five people booked desk 1 for 07:30–09:30 local (only 08:00–09:30 is open: 1.5 h each); one was released.
        var bookings = people.Select((p, i) => (Desk1.Id, p, Utc(6, 30), Utc(8, 30), i == 0 ? ReservationStatus.Released : ReservationStatus.CheckedIn)).ToList();
        var report = AnalyticsService.Compute(Data([], bookings), minimum: 5, null, hasPlan: false);
        report.Summary.BookedSpaceHours.ShouldBe(7.5);
        report.Summary.NoShowRate.ShouldBe(0.2);

        var fewer = AnalyticsService.Compute(Data([], bookings.Take(4).ToList()), minimum: 5, null, hasPlan: false);
        fewer.Summary.BookedSpaceHours.ShouldBeNull();
        fewer.Summary.NoShowRate.ShouldBeNull();
    }
}
