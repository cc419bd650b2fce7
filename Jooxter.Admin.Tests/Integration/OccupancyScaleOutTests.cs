using System.Net.Http.Headers;
using System.Net.Http.Json;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Live;
using Jooxter.Admin.Tests.Features.Occupancy;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>Two console instances on one database and one real Redis server, each on its own loopback port.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public RedisProcess Redis { get; private set; } = null!;

    public AdminAppFactory A { get; private set; } = null!;

    public AdminAppFactory B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisProcess.StartAsync();
        var database = TestDatabase.NewPath();
        A = Start(database);
        // B starts once A has created and seeded the database, as a second instance joining a running console does.
        B = Start(database);
    }

    private AdminAppFactory Start(string database)
    {
        var app = new AdminAppFactory { DatabasePath = database };
        app.Settings[OccupancySetup.RedisSetting] = Redis.ConnectionString;
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    public static Uri Address(AdminAppFactory app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

public sealed class OccupancyScaleOutTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task A_sighting_posted_to_one_instance_reaches_a_screen_connected_to_the_other_and_its_live_pages()
    {
        var world = await OccupancyWorld.CreateAsync(instances.A, DateTime.UtcNow);

        // A live page's view of the stream on instance B (a circuit subscribes exactly so).
        var onB = new TaskCompletionSource<FloorSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var pageOnB = instances.B.Services.GetRequiredService<OccupancyStream>()
            .Subscribe(s => { if (s.FloorId == world.Floor && s.Totals.Present == 1) { onB.TrySetResult(s); } return Task.CompletedTask; });

        // A lobby screen connected to instance B with the customer's display key, over WebSockets.
        await using var screen = new HubConnectionBuilder().WithUrl(new Uri(TwoInstances.Address(instances.B), $"{OccupancyHub.Path}?key={Uri.EscapeDataString(world.DisplayKey)}")).Build();
        var pushed = new TaskCompletionSource<FloorSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = 0;
        screen.On<FloorSnapshot>(OccupancyHub.FloorMessage, s => { Interlocked.Increment(ref messages); pushed.TrySetResult(s); });
        await screen.StartAsync();
        (await screen.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor)).Totals.Present.ShouldBe(0);

        using var gateway = new HttpClient { BaseAddress = TwoInstances.Address(instances.A) };
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.IngestionKey);
        var response = await gateway.PostAsJsonAsync("/api/v1/detections", new { sightings = new[] { world.Sighting(world.Ann, OccupancyWorld.Beacon1, DateTimeOffset.UtcNow) } });
        response.EnsureSuccessStatusCode();

        var received = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        received.Totals.Present.ShouldBe(1);
        received.Spaces.Single(s => s.SpaceId == world.Desk1).State.ShouldBe(LiveSpaceState.OccupiedWithoutBooking);
        (await onB.Task.WaitAsync(TimeSpan.FromSeconds(10))).Totals.Present.ShouldBe(1);

        // Once, not once per instance: only the instance that computed the picture forwards it through the backplane.
        await Task.Delay(500);
        messages.ShouldBe(1);
    }
}
