using System.Collections.Concurrent;
using Jooxter.Admin.Data;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// Recomputes the pictures of floors that changed and puts each one that differs from the last this instance sent on
/// the stream. Called after every ingested batch, and every few seconds for floors where time alone changes the
/// picture (a presence falling silent, a booking starting or ending).
/// </summary>
public sealed class OccupancyPublisher
{
    private const int Running = 1;
    private const int RunningAndChanged = 2;
    private readonly ConcurrentDictionary<Guid, FloorSnapshot> _last = new();
    private readonly ConcurrentDictionary<Guid, int> _floors = new();
    private readonly DatabaseOptions _databaseOptions;
    private readonly TimeProvider _clock;
    private readonly OccupancyStream _stream;
    private readonly IOptions<OccupancyOptions> _options;
    private readonly ILogger<OccupancyPublisher> _logger;

    public OccupancyPublisher(DatabaseOptions databaseOptions, TimeProvider clock, OccupancyStream stream, IOptions<OccupancyOptions> options, ILogger<OccupancyPublisher> logger)
    {
        (_databaseOptions, _clock, _stream, _options, _logger) = (databaseOptions, clock, stream, options, logger);
        // The last picture of a floor is the last one on the stream, whichever instance sent it: screens show that one.
        stream.Subscribe(snapshot =>
        {
            _last.AddOrUpdate(snapshot.FloorId, snapshot, (_, known) => snapshot.AtUtc >= known.AtUtc ? snapshot : known);
            return Task.CompletedTask;
        });
    }

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
                _logger.LogWarning(error, "The live picture of floor {FloorId} could not be computed; the next change tries again", floorId);
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

    private async Task PublishAsync(Guid tenantId, IEnumerable<Guid> floorIds, CancellationToken ct = default)
    {
        await using var db = AdminDatabase.Create(_databaseOptions, DataScope.ForTenant(tenantId, null, "live"), _clock);
        foreach (var floorId in floorIds.Distinct())
        {
            var snapshot = await LiveOccupancyReader.SnapshotAsync(db, floorId, _clock.GetUtcNow().UtcDateTime, _options.Value.PresenceSilence, ct);
            if (snapshot is null || snapshot.SameAs(_last.GetValueOrDefault(floorId)))
            {
                continue;
            }

            // Remembered when it comes back from the stream (see the constructor), so a failed publish is tried again.
            await _stream.PublishAsync(snapshot with { Origin = _stream.InstanceId });
        }
    }
}
