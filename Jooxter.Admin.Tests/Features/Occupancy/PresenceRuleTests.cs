using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Ingestion;

namespace Jooxter.Admin.Tests.Features.Occupancy;

public sealed class PresenceRuleTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid BeaconA = Guid.NewGuid(), BeaconB = Guid.NewGuid(), Floor = Guid.NewGuid();
    private static readonly NearbySpace DeskA = new(Guid.NewGuid(), null, 0.01), DeskB = new(Guid.NewGuid(), null, 0.02);

    private static Presence AtA(DateTime seen, int rssi = -70)
    {
        var presence = new Presence();
        PresenceRule.Apply(presence, isNew: true, BeaconA, Floor, DeskA, rssi, seen, Now).ShouldBeTrue();
        return presence;
    }

    [Fact]
    public void A_stronger_sighting_of_another_beacon_moves_the_person()
    {
        var presence = AtA(Now.AddSeconds(-5));
        PresenceRule.Apply(presence, false, BeaconB, Floor, DeskB, -60, Now, Now).ShouldBeTrue();
        (presence.SpaceId, presence.SinceUtc, presence.SeenAtUtc).ShouldBe((DeskB.SpaceId, Now, Now));
    }

    [Fact]
    public void A_weaker_sighting_nearby_keeps_the_place_and_shows_the_person_is_still_there()
    {
        var presence = AtA(Now.AddSeconds(-5));
        PresenceRule.Apply(presence, false, BeaconB, Floor, DeskB, -80, Now, Now).ShouldBeFalse();
        (presence.SpaceId, presence.Rssi, presence.SeenAtUtc).ShouldBe((DeskA.SpaceId, -70, Now));
    }

    [Fact]
    public void A_weaker_sighting_moves_the_person_once_the_first_beacon_has_been_silent_for_15_seconds()
    {
        var presence = AtA(Now.AddSeconds(-15));
        PresenceRule.Apply(presence, false, BeaconB, Floor, DeskB, -85, Now, Now).ShouldBeTrue();
        presence.SpaceId.ShouldBe(DeskB.SpaceId);
    }

    [Fact]
    public void A_late_older_sighting_never_moves_a_person_back()
    {
        var presence = AtA(Now);
        PresenceRule.Apply(presence, false, BeaconB, Floor, DeskB, -40, Now.AddSeconds(-20), Now).ShouldBeFalse();
        (presence.SpaceId, presence.SeenAtUtc).ShouldBe((DeskA.SpaceId, Now));
    }

    [Fact]
    public void A_presence_older_than_30_minutes_counts_as_a_new_arrival()
    {
        var presence = AtA(Now.AddMinutes(-31));
        PresenceRule.Apply(presence, false, BeaconA, Floor, DeskA, -70, Now, Now).ShouldBeTrue();
        (presence.SinceUtc, presence.SeenAtUtc).ShouldBe((Now, Now));
    }
}
