using System.Collections.Concurrent;
using Jooxter.Admin.Data;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// Recomputes the pictures of floors that changed and puts each one that differs from the last this instance sent on
/// the stream. Called after every ingested batch, and every few seconds for floors where time alone changes the
/// picture (a presence falling silent, a booking starting or ending).
/// </summary>
public sealed class OccupancyPublisher(DatabaseOptions databaseOptions, TimeProvider clock, OccupancyStream stream, IOptions<OccupancyOptions> options)
{
    private readonly ConcurrentDictionary<Guid, FloorSnapshot> _last = new();

    public async Task PublishAsync(Guid tenantId, IEnumerable<Guid> floorIds, CancellationToken ct = default)
    {
        await using var db = AdminDatabase.Create(databaseOptions, DataScope.ForTenant(tenantId, null, "live"), clock);
        foreach (var floorId in floorIds.Distinct())
        {
            var snapshot = await LiveOccupancyReader.SnapshotAsync(db, floorId, clock.GetUtcNow().UtcDateTime, options.Value.PresenceSilence, ct);
            if (snapshot is null || snapshot.SameAs(_last.GetValueOrDefault(floorId)))
            {
                continue;
            }

            _last[floorId] = snapshot;
            await stream.PublishAsync(snapshot with { Origin = stream.InstanceId });
        }
    }
}
