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

    /// <summary>A busy floor gets at most this many pictures a second (the rest are folded into the next).</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    private async Task RunAsync(Guid tenantId, Guid floorId)
    {
        while (true)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
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
                // Changes came in meanwhile: one more picture, not sooner than the spacing, so that a floor under heavy
                // traffic takes a bounded share of the server.
                var wait = Spacing - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

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
