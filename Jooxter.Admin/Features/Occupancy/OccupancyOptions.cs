namespace Jooxter.Admin.Features.Occupancy;

public sealed class OccupancyOptions
{
    public const string Section = "Occupancy";

    /// <summary>A person not sighted for this long is no longer present (their position stays, hidden after 30 minutes).</summary>
    public TimeSpan PresenceSilence { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many sightings in one posted batch.</summary>
    public int MaxSightingsPerBatch { get; set; } = 2000;

    /// <summary>Requests per ingestion key and minute.</summary>
    public int IngestionRequestsPerMinute { get; set; } = 1200;

    /// <summary>Version of the privacy policy that consents recorded in the console refer to.</summary>
    public string PolicyVersion { get; set; } = "2026-01";

    public static bool IsValid(OccupancyOptions o) =>
        o.PresenceSilence > TimeSpan.Zero && o.PresenceSilence <= LocationRetention.Window && o.MaxSightingsPerBatch is > 0 and <= 10_000 && o.IngestionRequestsPerMinute > 0;
}
