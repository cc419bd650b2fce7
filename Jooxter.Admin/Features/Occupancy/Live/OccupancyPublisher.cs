using System.Collections.Concurrent;
using Jooxter.Admin.Data;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// Recomputes the pictures of floors that changed and puts each one that differs from the last this instance sent on
/// the stream. Called after every ingested batch, and every few seconds for floors where time alone changes the
/// picture (a presence falling silent, a booking starting or ending).
/// </summary>
public sealed class OccupancyPublisher(DatabaseOptions databaseOptions, TimeProvider clock, OccupancyStream stream, IOptions<OccupancyOptions> options, ILogger<OccupancyPublisher> logger)
{
    private const int Running = 1;
    private const int RunningAndChanged = 2;
    private readonly ConcurrentDictionary<Guid, FloorSnapshot> _last = new();
    private readonly ConcurrentDictionary<Guid, int> _floors = new();

    /// <summary>
    /// Asks for new pictures of these floors without waiting for them: one computation at a time per floor, and changes
    /// that arrive meanwhile are folded into one more, so that a busy floor costs one query set per picture, not per batch.
    /// </summary>
    public void Request(Guid tenantId, IEnumerable<Guid> floorIds)
    {
        foreach (var floorId in floorIds.Distinct())
        {
            if (_floors.AddOrUpdate(floorId, Running, (_, _) => RunningAndChanged) == Running)
            {
                _ = Task.Run(() => RunAsync(tenantId, floorId));
            }
        }
    }

    private async Task RunAsync(Guid tenantId, Guid floorId)
    {
        while (true)
        {
            try
            {
                await PublishAsync(tenantId, [floorId]);
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "The live picture of floor {FloorId} could not be computed; the next change tries again", floorId);
            }

            if (_floors.TryUpdate(floorId, Running, RunningAndChanged))
            {
                continue;
            }

            if (_floors.TryRemove(new KeyValuePair<Guid, int>(floorId, Running)))
            {
                return;
            }
        }
    }

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
