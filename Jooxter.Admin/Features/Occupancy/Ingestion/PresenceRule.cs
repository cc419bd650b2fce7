namespace Jooxter.Admin.Features.Occupancy.Ingestion;

/// <summary>
/// How a new sighting changes where a person is: the strongest recent sighting wins. A sighting of another beacon
/// moves the person when it is stronger, or when the current beacon has not been heard for <see cref="SwitchAfter"/>;
/// a weaker one nearby only shows they are still there.
/// </summary>
public static class PresenceRule
{
    public static readonly TimeSpan SwitchAfter = TimeSpan.FromSeconds(15);

    /// <summary>Applies one sighting; returns true when the person arrived or moved to another space.</summary>
    public static bool Apply(Presence presence, bool isNew, Guid beaconId, Guid floorId, NearbySpace space, int rssi, DateTime seenAtUtc, DateTime nowUtc)
    {
        var expired = isNew || presence.SeenAtUtc <= LocationRetention.Cutoff(nowUtc);
        var takes = expired
            || presence.BeaconId == beaconId
            || rssi > presence.Rssi
            || seenAtUtc - presence.SeenAtUtc >= SwitchAfter;
        if (!takes)
        {
            presence.SeenAtUtc = Max(presence.SeenAtUtc, seenAtUtc);
            return false;
        }

        if (!expired && seenAtUtc < presence.SeenAtUtc && presence.BeaconId != beaconId)
        {
            // An older sighting arriving late never moves a person back.
            return false;
        }

        var moved = expired || presence.SpaceId != space.SpaceId;
        presence.BeaconId = beaconId;
        presence.FloorId = floorId;
        presence.SpaceId = space.SpaceId;
        presence.ZoneId = space.ZoneId;
        presence.Rssi = rssi;
        // "Since" never reaches further back than the 30 minutes location may be kept.
        presence.SinceUtc = moved ? seenAtUtc : Max(presence.SinceUtc, LocationRetention.Cutoff(nowUtc));
        presence.SeenAtUtc = expired ? seenAtUtc : Max(presence.SeenAtUtc, seenAtUtc);
        return moved;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
