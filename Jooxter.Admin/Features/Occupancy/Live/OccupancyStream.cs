using System.Text.Json;
using StackExchange.Redis;

namespace Jooxter.Admin.Features.Occupancy.Live;

/// <summary>
/// The one stream of live floor pictures inside the server: the live pages and the hub both read it. In one process it
/// is a list of subscribers; with Redis configured every instance publishes to, and reads from, one Redis channel, so a
/// detection taken by one instance moves the screens of all.
/// </summary>
public abstract class OccupancyStream
{
    private readonly List<Func<FloorSnapshot, Task>> _subscribers = [];
    private readonly Lock _gate = new();

    /// <summary>This instance, as snapshots name their origin.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public abstract Task PublishAsync(FloorSnapshot snapshot);

    public IDisposable Subscribe(Func<FloorSnapshot, Task> handler)
    {
        lock (_gate)
        {
            _subscribers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    protected async Task DeliverAsync(FloorSnapshot snapshot, ILogger logger)
    {
        Func<FloorSnapshot, Task>[] handlers;
        lock (_gate)
        {
            handlers = [.. _subscribers];
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler(snapshot);
            }
            catch (Exception error)
            {
                // One closed tab must not keep the others from their update.
                logger.LogWarning(error, "A live occupancy subscriber failed for floor {FloorId}", snapshot.FloorId);
            }
        }
    }

    private void Unsubscribe(Func<FloorSnapshot, Task> handler)
    {
        lock (_gate)
        {
            _subscribers.Remove(handler);
        }
    }

    private sealed class Subscription(OccupancyStream stream, Func<FloorSnapshot, Task> handler) : IDisposable
    {
        public void Dispose() => stream.Unsubscribe(handler);
    }
}

public sealed class LocalOccupancyStream(ILogger<LocalOccupancyStream> logger) : OccupancyStream
{
    public override Task PublishAsync(FloorSnapshot snapshot) => DeliverAsync(snapshot, logger);
}

/// <summary>The stream across instances: published to a Redis channel, delivered to this instance's subscribers as it comes back.</summary>
public sealed class RedisOccupancyStream : OccupancyStream, IAsyncDisposable
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("jooxter:occupancy");
    private readonly ConnectionMultiplexer _redis;
    private readonly ILogger<RedisOccupancyStream> _logger;

    public RedisOccupancyStream(string connectionString, ILogger<RedisOccupancyStream> logger)
    {
        _logger = logger;
        _redis = ConnectionMultiplexer.Connect(connectionString);
        _redis.GetSubscriber().Subscribe(Channel).OnMessage(async message =>
        {
            if (JsonSerializer.Deserialize<FloorSnapshot>((string)message.Message!) is { } snapshot)
            {
                await DeliverAsync(snapshot, _logger);
            }
        });
    }

    public override Task PublishAsync(FloorSnapshot snapshot) =>
        _redis.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(snapshot));

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
