using System.Collections.Concurrent;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Ingestion;

/// <summary>
/// Takes a batch of sightings for one customer: checks each, keeps only those of people who consented to indoor
/// location, places each person at the strongest recent beacon's space (their booked space when the beacon covers it),
/// folds arrivals into anonymous per-space counts, and updates beacons' last-seen and battery. One transaction per batch.
/// </summary>
public sealed class DetectionIngestor(AdminDatabase database, BeaconMap beacons, TimeProvider clock, IOptions<OccupancyOptions> options)
{
    // Last time this instance wrote each beacon's telemetry: gateways report every few seconds, the registry needs less.
    private static readonly ConcurrentDictionary<Guid, DateTime> TelemetryWritten = new();
    private static readonly TimeSpan TelemetryEvery = TimeSpan.FromSeconds(30);

    // SQLite has one writer at a time, and Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms before it
    // tries again: batches of one instance queue here instead, each for the few milliseconds its write takes.
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    public async Task<IngestionResult> IngestAsync(Guid tenantId, IReadOnlyList<SightingIn> sightings, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = database.OpenForTenant(tenantId, null, "api");
        var map = await beacons.ForAsync(db, tenantId, ct);

        var refused = new List<RefusedSighting>();
        var located = new List<(int Index, Guid Person, BeaconPlacement Beacon, int Rssi, DateTime SeenAt)>();
        var telemetry = new Dictionary<Guid, (DateTime SeenAt, int? Battery)>();
        var beaconReports = 0;
        for (var i = 0; i < sightings.Count; i++)
        {
            var s = sightings[i];
            if (Check(s, now, map, out var placement, out var seenAt) is { } reason)
            {
                refused.Add(new RefusedSighting(i, reason));
                continue;
            }

            telemetry[placement!.BeaconId] = telemetry.TryGetValue(placement.BeaconId, out var t) && t.SeenAt > seenAt
                ? (t.SeenAt, t.Battery ?? s.Battery)
                : (seenAt, s.Battery ?? t.Battery);
            if (string.IsNullOrWhiteSpace(s.Person))
            {
                beaconReports++;
            }
            else if (!Guid.TryParse(s.Person, out var person))
            {
                refused.Add(new RefusedSighting(i, SightingRefusal.Malformed));
            }
            else if (!placement.IsPlaced)
            {
                refused.Add(new RefusedSighting(i, SightingRefusal.BeaconNotPlaced));
            }
            else
            {
                located.Add((i, person, placement, s.Rssi!.Value, seenAt));
            }
        }

        var people = located.Select(l => l.Person).Distinct().ToList();
        var active = (await db.Employees.AsNoTracking().Where(e => people.Contains(e.Id) && e.Status == EmployeeStatus.Active).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
        var consenting = await LocationConsents.InForceAsync(db, db.LocationConsents.Where(c => people.Contains(c.EmployeeId)), ct);

        var kept = new List<(Guid Person, BeaconPlacement Beacon, int Rssi, DateTime SeenAt)>();
        var dropped = 0;
        foreach (var l in located)
        {
            if (!active.Contains(l.Person))
            {
                refused.Add(new RefusedSighting(l.Index, SightingRefusal.UnknownPerson));
            }
            else if (!consenting.Contains(l.Person))
            {
                dropped++;
            }
            else
            {
                kept.Add((l.Person, l.Beacon, l.Rssi, l.SeenAt));
            }
        }

        var keptCount = 0;
        var gated = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        if (gated)
        {
            await SqliteWriter.WaitAsync(ct);
        }

        IReadOnlyList<Guid> changedFloors;
        try
        {
            var withdrawn = 0;
            (changedFloors, withdrawn) = kept.Count > 0 ? await PlaceAsync(db, kept, now, ct) : ([], 0);
            dropped += withdrawn;
            keptCount = kept.Count - withdrawn;
            await WriteTelemetryAsync(db, telemetry, ct);
        }
        finally
        {
            if (gated)
            {
                SqliteWriter.Release();
            }
        }
        refused.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new IngestionResult(sightings.Count, keptCount, dropped, beaconReports, refused) { ChangedFloors = changedFloors };
    }

    private string? Check(SightingIn s, DateTime now, IReadOnlyDictionary<(Guid, int, int), BeaconPlacement> map, out BeaconPlacement? placement, out DateTime seenAt)
    {
        placement = null;
        seenAt = default;
        if (s.Uuid is null || !Guid.TryParse(s.Uuid, out var uuid) || s.Major is not { } major || s.Minor is not { } minor
            || !Places.Beacons.Beacon.IsValidIdentifier(major) || !Places.Beacons.Beacon.IsValidIdentifier(minor)
            || s.Rssi is not (>= -127 and <= -1) || s.SeenAt is not { } seen || s.Battery is < 0 or > 100)
        {
            return SightingRefusal.Malformed;
        }

        seenAt = seen.UtcDateTime;
        if (seenAt > now + SightingRefusal.ClockTolerance)
        {
            return SightingRefusal.FutureDated;
        }

        seenAt = seenAt > now ? now : seenAt;
        if (seenAt <= LocationRetention.Cutoff(now))
        {
            return SightingRefusal.TooOld;
        }

        return map.TryGetValue((uuid, major, minor), out placement) ? null : SightingRefusal.UnknownBeacon;
    }

    private async Task<(IReadOnlyList<Guid> Floors, int Withdrawn)> PlaceAsync(AdminDbContext db, List<(Guid Person, BeaconPlacement Beacon, int Rssi, DateTime SeenAt)> kept, DateTime now, CancellationToken ct)
    {
        var people = kept.Select(k => k.Person).Distinct().ToList();
        var earliest = kept.Min(k => k.SeenAt);
        var latest = kept.Max(k => k.SeenAt);

        // A person's booked space, where the beacon they hear covers it, is where they are.
        var booked = (await db.Reservations.AsNoTracking()
                .Where(r => (r.Status == ReservationStatus.Confirmed || r.Status == ReservationStatus.CheckedIn) && r.StartsAtUtc <= latest && r.EndsAtUtc > earliest
                    && (people.Contains(r.HolderId) || (r.BeneficiaryId != null && people.Contains(r.BeneficiaryId.Value))))
                .Select(r => new { For = r.BeneficiaryId ?? r.HolderId, r.SpaceId }).ToListAsync(ct))
            .ToLookup(r => r.For, r => r.SpaceId);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Consent read again inside the write: a withdrawal committed since the batch was checked wins, and one that
        // commits after this transaction deletes what it wrote (on SQLite the writes are serialised; on SQL Server the
        // withdrawal's delete runs after this commit or before this read).
        var stillConsenting = await LocationConsents.InForceAsync(db, db.LocationConsents.Where(c => people.Contains(c.EmployeeId)), ct);
        var withdrawn = kept.Count(k => !stillConsenting.Contains(k.Person));
        kept = kept.Where(k => stillConsenting.Contains(k.Person)).ToList();
        people = kept.Select(k => k.Person).Distinct().ToList();

        // Expired rows too (the filter hides them): a person coming back reuses their row. Read untracked and written
        // back with one upsert: a batch moves hundreds of people, and tracking each row costs more than the writes.
        var presences = await db.Presences.IgnoreQueryFilters().AsNoTracking().Where(p => p.TenantId == db.Scope.TenantId && people.Contains(p.EmployeeId)).ToDictionaryAsync(p => p.EmployeeId, ct);
        var touched = new HashSet<Guid>();
        var counts = new Dictionary<(Guid Space, DateTime Bucket), (Guid Floor, Guid? Zone, int People)>();
        var changedFloors = new HashSet<Guid>();
        foreach (var k in kept.OrderBy(k => k.SeenAt))
        {
            var isNew = !presences.TryGetValue(k.Person, out var presence);
            if (isNew)
            {
                presence = new Presence { EmployeeId = k.Person };
                presences[k.Person] = presence;
            }

            touched.Add(k.Person);

            var space = k.Beacon.Spaces.FirstOrDefault(s => booked[k.Person].Contains(s.SpaceId)) ?? k.Beacon.Spaces[0];
            var previousFloor = isNew ? (Guid?)null : presence!.FloorId;
            var wasPresent = !isNew && presence!.SeenAtUtc > now - options.Value.PresenceSilence;
            if (PresenceRule.Apply(presence!, isNew, k.Beacon.BeaconId, k.Beacon.FloorId!.Value, space, k.Rssi, k.SeenAt, now) || !wasPresent)
            {
                changedFloors.Add(presence!.FloorId);
                if (previousFloor is { } before && before != presence.FloorId)
                {
                    changedFloors.Add(before);
                }
            }

            var bucket = LocationRetention.BucketOf(presence!.SeenAtUtc);
            if (presence.CountedBucketUtc != bucket || presence.CountedSpaceId != presence.SpaceId)
            {
                presence.CountedBucketUtc = bucket;
                presence.CountedSpaceId = presence.SpaceId;
                // Keyed like the table's unique key: floor and zone as the beacon map has them now.
                var key = (presence.SpaceId, bucket);
                counts[key] = (presence.FloorId, presence.ZoneId, (counts.TryGetValue(key, out var c) ? c.People : 0) + 1);
            }
        }

        await WritePresencesAsync(db, touched.Select(p => presences[p]).ToList(), ct);
        if (counts.Count > 0)
        {
            await AddCountsAsync(db, counts, ct);
        }

        await transaction.CommitAsync(ct);
        return (changedFloors.ToList(), withdrawn);
    }

    /// <summary>
    /// Writes the batch's positions with one upsert on (customer, person). Outside the change tracker, so the data layer's
    /// checks are done here: the customer is the context's own, the person was found active in it, and the beacon,
    /// floor and space come from its own beacon map.
    /// </summary>
    private static Task WritePresencesAsync(AdminDbContext db, IReadOnlyList<Presence> rows, CancellationToken ct)
    {
        var tenant = TenantOf(db);
        return Upsert.RunAsync(db, "Presences",
            ["Id", "TenantId", "EmployeeId", "BeaconId", "FloorId", "SpaceId", "ZoneId", "Rssi", "SeenAtUtc", "SinceUtc", "CountedBucketUtc", "CountedSpaceId"],
            ["TenantId", "EmployeeId"],
            ["BeaconId", "FloorId", "SpaceId", "ZoneId", "Rssi", "SeenAtUtc", "SinceUtc", "CountedBucketUtc", "CountedSpaceId"],
            increments: [],
            rows.Select(p => new object?[] { p.Id, tenant, p.EmployeeId, p.BeaconId, p.FloorId, p.SpaceId, p.ZoneId, p.Rssi, p.SeenAtUtc, p.SinceUtc, p.CountedBucketUtc, p.CountedSpaceId }).ToList(),
            ct);
    }

    /// <summary>
    /// Adds arrivals to the anonymous counts with one upsert per batch that increments a bucket's row where it exists
    /// (atomic, so that batches taken at once by several instances never lose an arrival) and creates it otherwise.
    /// </summary>
    private static Task AddCountsAsync(AdminDbContext db, Dictionary<(Guid Space, DateTime Bucket), (Guid Floor, Guid? Zone, int People)> counts, CancellationToken ct)
    {
        var tenant = TenantOf(db);
        return Upsert.RunAsync(db, "OccupancyCounts",
            ["Id", "TenantId", "SpaceId", "FloorId", "ZoneId", "BucketStartUtc", "People"],
            ["TenantId", "SpaceId", "BucketStartUtc"],
            [],
            increments: ["People"],
            counts.Select(c => new object?[] { Guid.CreateVersion7(), tenant, c.Key.Space, c.Value.Floor, c.Value.Zone, c.Key.Bucket, c.Value.People }).ToList(),
            ct);
    }

    private static Guid TenantOf(AdminDbContext db) => db.Scope.TenantId ?? throw new InvalidOperationException("Positions and counts are written within one customer.");

    private static async Task WriteTelemetryAsync(AdminDbContext db, Dictionary<Guid, (DateTime SeenAt, int? Battery)> telemetry, CancellationToken ct)
    {
        foreach (var (beacon, (seenAt, battery)) in telemetry)
        {
            if (battery is null && TelemetryWritten.TryGetValue(beacon, out var written) && seenAt - written < TelemetryEvery)
            {
                continue;
            }

            TelemetryWritten[beacon] = seenAt;
            // Telemetry, not an edit: no audit entry, no new version (a manager editing the beacon is not disturbed).
            await (battery is { } percent
                ? db.Beacons.Where(b => b.Id == beacon && (b.LastSeenAtUtc == null || b.LastSeenAtUtc < seenAt))
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.LastSeenAtUtc, seenAt).SetProperty(b => b.BatteryPercent, percent), ct)
                : db.Beacons.Where(b => b.Id == beacon && (b.LastSeenAtUtc == null || b.LastSeenAtUtc < seenAt))
                    .ExecuteUpdateAsync(u => u.SetProperty(b => b.LastSeenAtUtc, seenAt), ct));
        }
    }
}
