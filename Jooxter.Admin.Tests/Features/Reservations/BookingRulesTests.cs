using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.Reservations;

namespace Jooxter.Admin.Tests.Features.Reservations;

public sealed class BookingRulesTests
{
    private static readonly TimeZoneInfo Paris = BuildingTime.Zone("Europe/Paris");
    private static readonly Guid Board = Guid.NewGuid();

    // Monday 2 March 2026, 09:00 in Paris (UTC+1).
    private static readonly DateTime Now = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);

    private static BookingSite Office(bool available = true) => new(Paris, new TimeOnly(8, 0), new TimeOnly(19, 0), OpenDays.Weekdays, available);

    private static BookingBreach Check(DateTime localStart, DateTime localEnd, BookingPolicy? rules = null, BookingSite? site = null, IReadOnlySet<Guid>? groups = null, int alreadyHeld = 0) =>
        BookingRules.Breaches(new BookingCheck(
            BuildingTime.ToUtc(localStart, Paris)!.Value,
            BuildingTime.ToUtc(localEnd, Paris)!.Value,
            Now,
            PolicyResolver.Resolve([rules]),
            site ?? Office(),
            groups ?? new HashSet<Guid>(),
            alreadyHeld));

    [Fact]
    public void A_working_day_booking_within_the_defaults_breaks_nothing() =>
        Check(new DateTime(2026, 3, 3, 9, 0, 0), new DateTime(2026, 3, 3, 17, 0, 0)).ShouldBe(BookingBreach.None);

    [Fact]
    public void Each_rule_is_reported_on_its_own()
    {
        var tuesday = new DateTime(2026, 3, 3);
        Check(tuesday.AddHours(9), tuesday.AddHours(9).AddMinutes(10)).ShouldBe(BookingBreach.TooShort);
        Check(tuesday.AddHours(9), tuesday.AddHours(12), new BookingPolicy { Level = PolicyLevel.Space, MaxDurationMinutes = 120 }).ShouldBe(BookingBreach.TooLong);
        Check(tuesday.AddHours(7), tuesday.AddHours(10)).ShouldBe(BookingBreach.OutsideOpeningHours);
        Check(tuesday.AddHours(17), tuesday.AddHours(20)).ShouldBe(BookingBreach.OutsideOpeningHours);
        Check(new DateTime(2026, 3, 7, 9, 0, 0), new DateTime(2026, 3, 7, 12, 0, 0)).ShouldBe(BookingBreach.ClosedDay);
        Check(new DateTime(2026, 4, 2, 9, 0, 0), new DateTime(2026, 4, 2, 12, 0, 0)).ShouldBe(BookingBreach.TooFarAhead);
        Check(tuesday.AddHours(9), tuesday.AddHours(12), alreadyHeld: 1).ShouldBe(BookingBreach.TooManyConcurrent);
        Check(tuesday.AddHours(9), tuesday.AddHours(12), site: Office(available: false)).ShouldBe(BookingBreach.SpaceUnavailable);
    }

    [Fact]
    public void Thirty_days_ahead_is_allowed_and_thirty_one_is_not()
    {
        Check(new DateTime(2026, 4, 1, 9, 0, 0), new DateTime(2026, 4, 1, 10, 0, 0)).ShouldBe(BookingBreach.None);
        Check(new DateTime(2026, 4, 2, 9, 0, 0), new DateTime(2026, 4, 2, 10, 0, 0)).ShouldBe(BookingBreach.TooFarAhead);
    }

    [Fact]
    public void A_restricted_space_is_bookable_only_by_its_groups_and_a_hidden_one_is_not_even_visible_to_others()
    {
        var restricted = new BookingPolicy { Level = PolicyLevel.Space, Audience = BookingAudience.RestrictedToGroups, AudienceGroupIds = [Board] };
        var tuesday = new DateTime(2026, 3, 3);
        Check(tuesday.AddHours(9), tuesday.AddHours(12), restricted).ShouldBe(BookingBreach.RestrictedAudience);
        Check(tuesday.AddHours(9), tuesday.AddHours(12), restricted, groups: new HashSet<Guid> { Board }).ShouldBe(BookingBreach.None);

        var hidden = PolicyResolver.Resolve([new BookingPolicy { Level = PolicyLevel.Space, Audience = BookingAudience.HiddenExceptGroups, AudienceGroupIds = [Board] }]);
        hidden.IsVisibleTo(new HashSet<Guid>()).ShouldBeFalse();
        hidden.IsVisibleTo(new HashSet<Guid> { Board }).ShouldBeTrue();
    }

    [Fact]
    public void A_booking_ending_at_midnight_does_not_touch_the_next_day()
    {
        var allDay = new BookingSite(Paris, null, null, OpenDays.Weekdays, true);
        Check(new DateTime(2026, 3, 6, 20, 0, 0), new DateTime(2026, 3, 7, 0, 0, 0), site: allDay).ShouldBe(BookingBreach.None);
        Check(new DateTime(2026, 3, 6, 20, 0, 0), new DateTime(2026, 3, 7, 0, 15, 0), site: allDay).ShouldBe(BookingBreach.ClosedDay);
    }
}

public sealed class BuildingTimeTests
{
    private static readonly TimeZoneInfo Paris = BuildingTime.Zone("Europe/Paris");

    [Fact]
    public void Spring_forward_in_Paris_skips_two_thirty_and_the_night_is_an_hour_shorter()
    {
        // 29 March 2026: at 02:00 local the clocks go to 03:00.
        BuildingTime.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0), Paris).ShouldBeNull();
        BuildingTime.ToUtc(new DateTime(2026, 3, 29, 1, 59, 0), Paris).ShouldBe(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc));
        BuildingTime.ToUtc(new DateTime(2026, 3, 29, 3, 0, 0), Paris).ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc));

        var (start, end) = BuildingTime.Day(new DateOnly(2026, 3, 29), Paris);
        (end - start).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void Fall_back_in_Paris_repeats_two_thirty_and_takes_its_first_occurrence()
    {
        // 25 October 2026: at 03:00 local the clocks go back to 02:00; 02:30 happens at 00:30 and 01:30 UTC.
        BuildingTime.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), Paris).ShouldBe(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc));
        BuildingTime.ToLocal(new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc), Paris).ShouldBe(new DateTime(2026, 10, 25, 2, 30, 0));

        var (start, end) = BuildingTime.Day(new DateOnly(2026, 10, 25), Paris);
        (end - start).ShouldBe(TimeSpan.FromHours(25));
    }
}
