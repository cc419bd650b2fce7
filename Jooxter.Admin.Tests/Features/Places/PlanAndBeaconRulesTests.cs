using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Places.Plans;

namespace Jooxter.Admin.Tests.Features.Places;

public sealed class PlanPointTests
{
    [Fact]
    public void A_position_survives_a_plan_of_another_resolution()
    {
        var point = PlanPoint.FromPixels(400, 150, 800, 600);

        point.ShouldBe(new PlanPoint(0.5, 0.25));
        point.ToPixels(1600, 1200).ShouldBe((800, 300));
    }

    [Fact]
    public void Positions_outside_the_plan_are_clamped_and_typed_percentages_checked()
    {
        PlanPoint.FromPixels(-5, 900, 800, 600).ShouldBe(new PlanPoint(0, 1));
        PlanPoint.FromPercent(12.5, 80).ShouldBe(new PlanPoint(0.125, 0.8));
        PlanPoint.FromPercent(101, 50).ShouldBeNull();
        PlanPoint.FromPercent(double.NaN, 50).ShouldBeNull();
        Should.Throw<ArgumentOutOfRangeException>(() => PlanPoint.FromPixels(1, 1, 0, 10));
    }
}

public sealed class BeaconStateTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(80, 10, BeaconState.Active)]
    [InlineData(80, 90, BeaconState.Silent)]
    [InlineData(15, 10, BeaconState.LowBattery)]
    [InlineData(15, 90, BeaconState.LowBattery)]
    public void A_beacon_state_follows_its_last_signal_and_battery(int battery, int minutesSinceSeen, BeaconState expected)
    {
        var beacon = new Beacon { Name = "B1", BatteryPercent = battery, LastSeenAtUtc = Now.AddMinutes(-minutesSinceSeen) };

        beacon.StateAt(Now, TimeSpan.FromMinutes(60), lowBatteryPercent: 20).ShouldBe(expected);
    }

    [Fact]
    public void A_beacon_never_heard_from_says_so() =>
        new Beacon { Name = "B2" }.StateAt(Now, TimeSpan.FromMinutes(60), 20).ShouldBe(BeaconState.NeverSeen);

    [Theory]
    [InlineData(0, true)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    [InlineData(-1, false)]
    public void Major_and_minor_are_16_bit(int value, bool valid) => Beacon.IsValidIdentifier(value).ShouldBe(valid);

    [Theory]
    [InlineData(1, 320, 200)]
    [InlineData(3, 320, 200)]
    [InlineData(6, 200, 320)]
    [InlineData(8, 200, 320)]
    public void A_sideways_jpeg_plan_is_stored_upright_without_its_exif(int orientation, int width, int height)
    {
        var (content, type, w, h, problem) = Jooxter.Admin.Features.Places.Plans.PlanService.Inspect(Support.Hostile.HostileBytes.JpegWithOrientation(320, 200, (ushort)orientation));

        problem.ShouldBeNull();
        type.ShouldBe("image/jpeg");
        (w, h).ShouldBe((width, height));
        System.Text.Encoding.Latin1.GetString(content!).ShouldNotContain("Exif");
    }
}
