namespace Jooxter.Admin.Features.Occupancy.Ingestion;

/// <summary>One sighting as posted: a person's phone heard a beacon (or a gateway reports a beacon without a person).</summary>
/// <param name="Person">The employee's Jooxter identifier, as the mobile app knows it; absent for a gateway's beacon report.</param>
/// <param name="Uuid">The beacon's iBeacon UUID.</param>
/// <param name="Major">iBeacon major, 0 to 65535.</param>
/// <param name="Minor">iBeacon minor, 0 to 65535.</param>
/// <param name="Rssi">Received signal strength in dBm, -127 to -1.</param>
/// <param name="SeenAt">When it was heard, with its offset (ISO 8601); not in the future, not older than 30 minutes.</param>
/// <param name="Battery">The beacon's battery in percent, where the gateway reports it.</param>
public sealed record SightingIn(string? Person, string? Uuid, int? Major, int? Minor, int? Rssi, DateTimeOffset? SeenAt, int? Battery = null);

/// <summary>A batch of sightings.</summary>
public sealed record DetectionBatch(IReadOnlyList<SightingIn>? Sightings);

/// <summary>A sighting not accepted, by its position in the batch, with a stable reason code.</summary>
public sealed record RefusedSighting(int Index, string Reason);

/// <summary>
/// What became of a batch: every sighting is counted once, as kept, dropped (no location consent: nothing of it is
/// stored), a beacon report (battery and last seen only) or refused with its reason.
/// </summary>
public sealed record IngestionResult(int Received, int Kept, int DroppedWithoutConsent, int BeaconReports, IReadOnlyList<RefusedSighting> Refused)
{
    public IReadOnlyList<Guid> ChangedFloors { get; init; } = [];
}

/// <summary>Reason codes of refused sightings, as the API returns them.</summary>
public static class SightingRefusal
{
    public const string Malformed = "Malformed";
    public const string FutureDated = "FutureDated";
    public const string TooOld = "TooOld";
    public const string UnknownBeacon = "UnknownBeacon";
    public const string BeaconNotPlaced = "BeaconNotPlaced";
    public const string UnknownPerson = "UnknownPerson";

    /// <summary>Clocks of phones drift: a sighting up to this far ahead of the server is taken as now.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(1);
}
