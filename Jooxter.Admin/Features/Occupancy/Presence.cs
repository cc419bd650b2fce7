using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Occupancy;

/// <summary>
/// Where one consenting employee was last sighted: one row per person, replaced as sightings arrive, never a track.
/// Indoor location lives 30 minutes (<see cref="LocationRetention"/>): the data layer hides older rows from every
/// query whatever the purge has done, and the purge deletes them within a minute. Never audited (the trail is kept for
/// years), never logged.
/// </summary>
[NotAudited]
public sealed class Presence : Entity, ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid EmployeeId { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public Guid BeaconId { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public Guid FloorId { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public Guid SpaceId { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public Guid? ZoneId { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public int Rssi { get; set; }

    [PersonalData(PersonalDataCategory.Location)]
    public DateTime SeenAtUtc { get; set; }

    /// <summary>Since when the person has been at this space (reset when they move).</summary>
    [PersonalData(PersonalDataCategory.Location)]
    public DateTime SinceUtc { get; set; }

    /// <summary>The anonymous count this presence was last added to (space and 15-minute bucket), so that each person counts once per bucket.</summary>
    public DateTime CountedBucketUtc { get; set; }

    public Guid CountedSpaceId { get; set; }
}

/// <summary>
/// How many different people were present at a space during one time bucket: statistics that outlive the 30 minutes
/// of location without identity (no person, no beacon, no time finer than the bucket).
/// </summary>
[NotAudited]
public sealed class OccupancyCount : Entity, ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid SpaceId { get; set; }

    public Guid FloorId { get; set; }

    public Guid? ZoneId { get; set; }

    public DateTime BucketStartUtc { get; set; }

    public int People { get; set; }
}

/// <summary>The privacy policy's promise on indoor location, in one place.</summary>
public static class LocationRetention
{
    /// <summary>Positions older than this are never returned and are purged. Not configurable upward.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    /// <summary>Anonymous counts are kept per bucket of this length.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);

    public static DateTime Cutoff(DateTime nowUtc) => nowUtc - Window;

    public static DateTime BucketOf(DateTime utc) => new(utc.Ticks - (utc.Ticks % Bucket.Ticks), DateTimeKind.Utc);
}
