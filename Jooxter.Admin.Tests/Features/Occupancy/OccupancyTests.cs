using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Live;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jooxter.Admin.Tests.Features.Occupancy;

/// <summary>The console on a fake clock, where presence lasts as long as location may (30 minutes), to test that boundary.</summary>
public sealed class OccupancyApp : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public AdminAppFactory App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new AdminAppFactory { Clock = Clock };
        App.Settings["Occupancy:PresenceSilence"] = "00:30:00";
        _ = App.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class OccupancyTests(OccupancyApp app) : IClassFixture<OccupancyApp>
{
    private AdminAppFactory Factory => app.App;

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private Task<OccupancyWorld> WorldAsync() => OccupancyWorld.CreateAsync(Factory, Now.UtcDateTime);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string? key, params object[] sightings)
    {
        using var client = Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/detections") { Content = JsonContent.Create(new { sightings }) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private async Task<int> StoredPresencesAsync(OccupancyWorld world)
    {
        await using var db = Factory.OpenSystemDb();
        return await db.Presences.IgnoreQueryFilters().CountAsync(p => p.TenantId == world.Tenant);
    }

    [Fact]
    public async Task Each_sighting_is_kept_dropped_or_refused_with_its_reason_and_the_rest_of_the_batch_is_accepted()
    {
        var world = await WorldAsync();
        var (status, body) = await PostAsync(
            world.IngestionKey,
            world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now),
            world.Sighting(world.Bob, OccupancyWorld.Beacon1, Now),
            world.Sighting(world.Cid, OccupancyWorld.Beacon1, Now),
            world.Sighting(world.Dee, OccupancyWorld.Beacon1, Now),
            world.Sighting(world.Ann, 99, Now),
            world.Sighting(world.Ann, OccupancyWorld.UnplacedBeacon, Now),
            world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now.AddMinutes(5)),
            world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now.AddMinutes(-31)),
            world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now, rssi: 5),
            new { person = "not-a-guid", uuid = world.BeaconUuid.ToString(), major = 1, minor = 1, rssi = -60, seenAt = Now },
            world.Sighting(null, OccupancyWorld.Beacon2, Now, battery: 42),
            world.Sighting(Guid.NewGuid(), OccupancyWorld.Beacon1, Now));

        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("received").GetInt32().ShouldBe(12);
        body.GetProperty("kept").GetInt32().ShouldBe(1);
        body.GetProperty("droppedWithoutConsent").GetInt32().ShouldBe(2);
        body.GetProperty("beaconReports").GetInt32().ShouldBe(1);
        body.GetProperty("refused").EnumerateArray().Select(r => $"{r.GetProperty("index").GetInt32()}:{r.GetProperty("reason").GetString()}").ToArray()
            .ShouldBe(["3:UnknownPerson", "4:UnknownBeacon", "5:BeaconNotPlaced", "6:FutureDated", "7:TooOld", "8:Malformed", "9:Malformed", "11:UnknownPerson"]);

        await using var db = Factory.OpenForTenant(world.Tenant);
        (await db.Presences.Select(p => p.EmployeeId).ToListAsync()).ShouldBe([world.Ann]);
        var reporting = await db.Beacons.SingleAsync(b => b.Minor == OccupancyWorld.Beacon2);
        reporting.BatteryPercent.ShouldBe(42);
        reporting.LastSeenAtUtc.ShouldBe(Now.UtcDateTime);
        (await db.OccupancyCounts.Select(c => new { c.SpaceId, c.People, c.BucketStartUtc }).ToListAsync())
            .ShouldBe([new { SpaceId = world.Desk1, People = 1, BucketStartUtc = Quarter(Now) }]);
    }

    [Fact]
    public async Task Requests_without_a_valid_ingestion_key_are_refused_and_a_key_writes_only_into_its_own_customer()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var annAtBeacon1 = world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now);

        (await PostAsync(null, annAtBeacon1)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync("jx_garbage_garbagegarbagegarbagegarbage", annAtBeacon1)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(world.DisplayKey, annAtBeacon1)).Status.ShouldBe(HttpStatusCode.Unauthorized);

        // The other customer's key, with this customer's person and beacon: its own customer has no such beacon.
        var (status, body) = await PostAsync(other.IngestionKey, annAtBeacon1);
        status.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("kept").GetInt32().ShouldBe(0);
        body.GetProperty("refused")[0].GetProperty("reason").GetString().ShouldBe("UnknownBeacon");
        // Its own beacon with a person of this customer: not one of its people.
        (await PostAsync(other.IngestionKey, other.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Body.GetProperty("refused")[0].GetProperty("reason").GetString().ShouldBe("UnknownPerson");
        (await StoredPresencesAsync(world)).ShouldBe(0);
        (await StoredPresencesAsync(other)).ShouldBe(0);
    }

    [Fact]
    public async Task The_keys_of_a_customer_whose_contract_ended_open_nothing()
    {
        var world = await WorldAsync();
        await using (var db = Factory.OpenSystemDb())
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == world.Tenant);
            tenant.ContractEnd = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-1);
            await db.SaveChangesAsync();
        }

        (await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Status.ShouldBe(HttpStatusCode.Unauthorized);
        await Should.ThrowAsync<Exception>(async () =>
        {
            await using var lobby = await HubAsync(world.DisplayKey);
            await lobby.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor);
        });
        (await StoredPresencesAsync(world)).ShouldBe(0);
    }

    [Fact]
    public async Task A_revoked_key_stops_at_once_and_a_rotated_key_replaces_the_old_one()
    {
        var world = await WorldAsync();
        var principal = (await ServiceCaller.ResolveAsync(Factory, world.AdminEmail, tenantSlug: world.Slug)).Principal!;
        IssuedKey created;
        await using (var scope = ServiceCaller.As(Factory, principal))
        {
            created = await scope.ServiceProvider.GetRequiredService<AccessKeyService>().CreateAsync("Gateway 2", AccessKeyPurpose.Ingestion);
        }

        created.Result.Succeeded.ShouldBeTrue();
        (await PostAsync(created.PlainKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Status.ShouldBe(HttpStatusCode.OK);

        IssuedKey rotated;
        await using (var scope = ServiceCaller.As(Factory, principal))
        {
            rotated = await scope.ServiceProvider.GetRequiredService<AccessKeyService>().RotateAsync(created.Id!.Value);
        }

        rotated.PlainKey.ShouldNotBe(created.PlainKey);
        (await PostAsync(created.PlainKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(rotated.PlainKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Status.ShouldBe(HttpStatusCode.OK);

        await using (var scope = ServiceCaller.As(Factory, principal))
        {
            (await scope.ServiceProvider.GetRequiredService<AccessKeyService>().RevokeAsync(created.Id!.Value)).Succeeded.ShouldBeTrue();
        }

        (await PostAsync(rotated.PlainKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Status.ShouldBe(HttpStatusCode.Unauthorized);
        await using var db = Factory.OpenForTenant(world.Tenant);
        (await db.AccessKeys.SingleAsync(k => k.Id == created.Id)).SecretHash.ShouldNotContain(rotated.PlainKey!.Split('_')[2]);
    }

    [Fact]
    public async Task A_batch_larger_than_allowed_or_not_json_is_refused_whole()
    {
        var world = await WorldAsync();
        var many = Enumerable.Range(0, 2001).Select(_ => world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now)).ToArray();
        (await PostAsync(world.IngestionKey, many)).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        using var client = Factory.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/detections") { Content = new StringContent("{\"sightings\": [ {\"person\": ", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.IngestionKey);
        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StoredPresencesAsync(world)).ShouldBe(0);
    }

    [Fact]
    public async Task A_position_older_than_30_minutes_is_returned_by_no_read_path_whether_or_not_the_purge_has_run()
    {
        var world = await WorldAsync();
        var now = Now.UtcDateTime;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var beacon = await db.Beacons.SingleAsync(b => b.Minor == OccupancyWorld.Beacon1);
            // Ann 29 minutes ago (still within the promise), Bob one second past it (stored, as if no purge had run yet).
            // Ann and Bob share a group, so the colleague finder shows Bob where Ann is.
            var team = new Jooxter.Admin.Features.People.UserGroup { Name = "Team" };
            db.UserGroups.Add(team);
            db.UserGroupMembers.AddRange(
                new Jooxter.Admin.Features.People.UserGroupMember { UserGroupId = team.Id, EmployeeId = world.Ann },
                new Jooxter.Admin.Features.People.UserGroupMember { UserGroupId = team.Id, EmployeeId = world.Bob });
            db.Presences.AddRange(
                new Presence { EmployeeId = world.Ann, BeaconId = beacon.Id, FloorId = world.Floor, SpaceId = world.Desk1, ZoneId = world.Zone, Rssi = -60, SeenAtUtc = now.AddMinutes(-29), SinceUtc = now.AddMinutes(-29) },
                new Presence { EmployeeId = world.Bob, BeaconId = beacon.Id, FloorId = world.Floor, SpaceId = world.Desk2, Rssi = -60, SeenAtUtc = now.AddMinutes(-30).AddSeconds(-1), SinceUtc = now.AddMinutes(-40) });
            await db.SaveChangesAsync();
        }

        (await StoredPresencesAsync(world)).ShouldBe(2);
        (await ReadPathsAsync(world)).ShouldBe(new ReadPaths(TenantQuery: [world.Ann], PlatformQuery: [world.Ann], LivePage: 1, LiveDesk2: 0, Hub: 1, Finder: "First · North"));

        // A minute later Ann crosses the line too: no read path returns her, before the purge as after it.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        (await ReadPathsAsync(world)).ShouldBe(new ReadPaths(TenantQuery: [], PlatformQuery: [], LivePage: 0, LiveDesk2: 0, Hub: 0, Finder: null));

        // The purge runs on the same clock every 20 seconds: both rows are deleted within a minute.
        for (var i = 0; i < 3 && await StoredPresencesAsync(world) > 0; i++)
        {
            app.Clock.Advance(LocationJob.Every);
            await WaitUntilAsync(async () => await StoredPresencesAsync(world) == 0, TimeSpan.FromSeconds(10));
        }

        (await StoredPresencesAsync(world)).ShouldBe(0);
    }

    private sealed record ReadPaths(Guid[] TenantQuery, Guid[] PlatformQuery, int LivePage, int LiveDesk2, int Hub, string? Finder)
    {
        public bool Equals(ReadPaths? other) => other is not null && TenantQuery.SequenceEqual(other.TenantQuery) && PlatformQuery.SequenceEqual(other.PlatformQuery)
            && LivePage == other.LivePage && LiveDesk2 == other.LiveDesk2 && Hub == other.Hub && Finder == other.Finder;

        public override int GetHashCode() => LivePage;

        public override string ToString() => $"tenant [{string.Join(", ", TenantQuery)}], platform [{string.Join(", ", PlatformQuery)}], live page {LivePage}, desk 2 {LiveDesk2}, hub {Hub}, finder {Finder ?? "none"}";
    }

    /// <summary>Every way the console reads positions: the data layer (a customer's and the platform's), the live page's service, the hub, the colleague finder.</summary>
    private async Task<ReadPaths> ReadPathsAsync(OccupancyWorld world)
    {
        Guid[] tenantQuery, platformQuery;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            tenantQuery = await db.Presences.Select(p => p.EmployeeId).ToArrayAsync();
        }

        await using (var db = Factory.OpenSystemDb())
        {
            platformQuery = await db.Presences.Where(p => p.TenantId == world.Tenant).Select(p => p.EmployeeId).ToArrayAsync();
        }

        var principal = (await ServiceCaller.ResolveAsync(Factory, world.AdminEmail, tenantSlug: world.Slug)).Principal!;
        LiveFloor floor;
        string? finder;
        await using (var scope = ServiceCaller.As(Factory, principal))
        {
            floor = (await scope.ServiceProvider.GetRequiredService<LiveOccupancyService>().FloorAsync(world.Floor))!;
            var colleagues = await scope.ServiceProvider.GetRequiredService<Jooxter.Admin.Features.Occupancy.Colleagues.ColleagueFinderService>().FindAsync(world.Bob, DateOnly.FromDateTime(Now.UtcDateTime));
            finder = colleagues!.Groups.Single().Colleagues.Single().SeenAt;
        }

        await using var hub = await HubAsync(world.DisplayKey);
        var snapshot = await hub.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor);
        return new ReadPaths(tenantQuery, platformQuery, floor.Snapshot.Totals.Present, floor.Snapshot.Spaces.Single(s => s.SpaceId == world.Desk2).Present, snapshot.Totals.Present, finder);
    }

    private async Task<HubConnection> HubAsync(string? key)
    {
        var url = new Uri(Factory.Server.BaseAddress, key is null ? OccupancyHub.Path : $"{OccupancyHub.Path}?key={Uri.EscapeDataString(key)}");
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.HttpMessageHandlerFactory = _ => Factory.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task Withdrawing_consent_deletes_the_persons_location_at_once_and_later_sightings_are_dropped()
    {
        var world = await WorldAsync();
        (await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now))).Body.GetProperty("kept").GetInt32().ShouldBe(1);
        (await StoredPresencesAsync(world)).ShouldBe(1);

        var principal = (await ServiceCaller.ResolveAsync(Factory, world.AdminEmail, tenantSlug: world.Slug)).Principal!;
        await using (var scope = ServiceCaller.As(Factory, principal))
        {
            (await scope.ServiceProvider.GetRequiredService<ConsentService>().RecordAsync(world.Ann, granted: false)).Succeeded.ShouldBeTrue();
        }

        (await StoredPresencesAsync(world)).ShouldBe(0);
        var (_, body) = await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, Now));
        body.GetProperty("kept").GetInt32().ShouldBe(0);
        body.GetProperty("droppedWithoutConsent").GetInt32().ShouldBe(1);
        (await StoredPresencesAsync(world)).ShouldBe(0);
    }

    [Fact]
    public async Task Anonymous_counts_count_a_person_once_per_space_and_quarter_hour_and_hold_no_identity()
    {
        var world = await WorldAsync();
        var start = Now;
        await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, start), world.Sighting(world.Ann, OccupancyWorld.Beacon1, start.AddSeconds(-5)));
        await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon1, start.AddSeconds(1)));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        // Moving to the other desk counts an arrival there.
        await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon2, Now, rssi: -50));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon2, Now, rssi: -50));

        // Bob consents and arrives at the first desk in a later batch of the same quarter hour: that bucket's row grows.
        await using (var consent = Factory.OpenForTenant(world.Tenant))
        {
            consent.LocationConsents.Add(new LocationConsent { EmployeeId = world.Bob, Granted = true, DecidedAtUtc = Now.UtcDateTime, PolicyVersion = "2026-01", Source = "App" });
            await consent.SaveChangesAsync();
        }

        await PostAsync(world.IngestionKey, world.Sighting(world.Bob, OccupancyWorld.Beacon1, Now));

        await using var db = Factory.OpenForTenant(world.Tenant);
        var counts = await db.OccupancyCounts.OrderBy(c => c.SpaceId == world.Desk2).Select(c => new { c.SpaceId, c.People, c.BucketStartUtc }).ToListAsync();
        var bucket = Quarter(start);
        counts.ShouldBe([new { SpaceId = world.Desk1, People = 2, BucketStartUtc = bucket }, new { SpaceId = world.Desk2, People = 1, BucketStartUtc = bucket }]);

        typeof(OccupancyCount).GetProperties().Select(p => p.Name).Order().ShouldBe(["BucketStartUtc", "FloorId", "Id", "People", "SpaceId", "TenantId", "ZoneId"]);
    }

    [Fact]
    public async Task The_hub_disconnects_strangers_and_shows_a_display_key_only_its_own_customers_floors()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();

        await Should.ThrowAsync<Exception>(async () =>
        {
            await using var anonymous = await HubAsync(null);
            await anonymous.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor);
        });
        await Should.ThrowAsync<Exception>(async () =>
        {
            await using var ingestion = await HubAsync(world.IngestionKey);
            await ingestion.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor);
        });

        await using var foreign = await HubAsync(other.DisplayKey);
        (await Should.ThrowAsync<HubException>(() => foreign.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor))).Message.ShouldContain("NotFound");

        await using var lobby = await HubAsync(world.DisplayKey);
        var received = new TaskCompletionSource<FloorSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        lobby.On<FloorSnapshot>(OccupancyHub.FloorMessage, s => received.TrySetResult(s));
        var first = await lobby.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.Floor);
        first.Totals.ShouldBe(new LiveCounts(Present: 0, Booked: 0, CheckedIn: 0, Capacity: 3));

        await PostAsync(world.IngestionKey, world.Sighting(world.Ann, OccupancyWorld.Beacon2, Now));
        var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        pushed.Totals.ShouldBe(new LiveCounts(Present: 1, Booked: 0, CheckedIn: 0, Capacity: 3));
        pushed.Spaces.Single(s => s.SpaceId == world.Desk2).State.ShouldBe(LiveSpaceState.OccupiedWithoutBooking);
        JsonSerializer.Serialize(pushed).ShouldNotContain(world.Ann.ToString());
    }

    [Fact]
    public async Task The_power_bi_feed_gives_aggregates_to_an_analytics_key_only_and_hides_small_groups()
    {
        var world = await WorldAsync();
        string analyticsKey;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            // 10:00–10:15 in Paris: six arrivals at desk 1 (zone North), two at desk 2 (no zone).
            var bucket = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
            db.OccupancyCounts.AddRange(
                new OccupancyCount { SpaceId = world.Desk1, FloorId = world.Floor, ZoneId = world.Zone, BucketStartUtc = bucket, People = 6 },
                new OccupancyCount { SpaceId = world.Desk2, FloorId = world.Floor, BucketStartUtc = bucket, People = 2 });
            db.AccessKeys.Add(AccessKey.Create("Power BI", AccessKeyPurpose.Analytics, Now.UtcDateTime, out analyticsKey));
            await db.SaveChangesAsync();
        }

        using var client = Factory.CreateClient();
        const string url = "/api/v1/analytics/occupancy?from=2026-03-02&to=2026-03-02";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.IngestionKey);
        (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", analyticsKey);
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        // Open around the clock: 24 hours × (desks of zone North, desks outside zones).
        body.GetProperty("total").GetInt32().ShouldBe(48);
        body.GetProperty("nextPage").ValueKind.ShouldBe(JsonValueKind.Null);
        var ten = body.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("hour").GetInt32() == 10)
            .Select(r => (Zone: r.GetProperty("zone").ValueKind == JsonValueKind.Null ? null : r.GetProperty("zone").GetString(), People: r.GetProperty("people").ValueKind == JsonValueKind.Null ? (int?)null : r.GetProperty("people").GetInt32(), Occupied: r.GetProperty("occupiedSpaceHours").ValueKind == JsonValueKind.Null ? (double?)null : r.GetProperty("occupiedSpaceHours").GetDouble()))
            .OrderBy(r => r.Zone).ToList();
        ten.ShouldBe([(null, null, null), ("North", 6, 0.25)]);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Ann");
    }

    [Fact]
    public async Task A_space_manager_sees_only_floors_of_their_scope()
    {
        var world = await WorldAsync();
        var principal = (await ServiceCaller.ResolveAsync(Factory, world.OtherFloorManagerEmail, tenantSlug: world.Slug)).Principal!;
        await using var scope = ServiceCaller.As(Factory, principal);
        var live = scope.ServiceProvider.GetRequiredService<LiveOccupancyService>();
        (await live.FloorAsync(world.Floor)).ShouldBeNull();
        (await live.FloorAsync(world.OtherFloor)).ShouldNotBeNull();
        (await live.SitesAsync()).SelectMany(s => s.Floors).Select(f => f.Id).ShouldBe([world.OtherFloor]);
    }

    /// <summary>The quarter hour a moment falls in (the fixture's clock starts at 09:00 and tests move it by minutes).</summary>
    private static DateTime Quarter(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute / 15 * 15, 0, DateTimeKind.Utc);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }
}
