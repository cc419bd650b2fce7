using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Live;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Live occupancy on SQLite, the console on a loopback port: ingestion throughput (baseline: the same batches of people
/// without consent, which write nothing), detection-to-screen latency over SignalR and in the browser, with and without
/// 1,000 sightings/s of background load, and server memory per idle live-page circuit.
/// </summary>
public static class OccupancyBenchmark
{
    private const int People = 5_000;
    private const int Consenting = 4_000;
    private const int Desks = 400;
    private const int Beacons = 100;
    private const int BatchSize = 500;

    private sealed class QuietApp : AdminAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Occupancy:IngestionRequestsPerMinute", "100000");
            builder.ConfigureLogging(l => l.ClearProviders());
        }
    }

    private sealed record World(string Slug, string AdminEmail, Guid ProbeFloor, Guid[] Consenting, Guid[] Refusing, Guid[] Probes, Guid Uuid, string IngestionKey, string DisplayKey);

    public static async Task RunAsync(int circuits, TextWriter output)
    {
        await using var app = new QuietApp();
        app.UseKestrel(0);
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();
        var world = await SeedAsync(app);
        output.WriteLine($"Seeded {People:N0} people ({Consenting:N0} consenting), {Desks} desks, {Beacons} beacons in {watch.Elapsed.TotalSeconds:F0} s; batches of {BatchSize}");

        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", world.IngestionKey);

        // 1. Ingestion throughput, four gateways posting at once for 15 s each run.
        await IngestAsync(http, world, world.Consenting, TimeSpan.FromSeconds(3), output: null);
        var baseline = await IngestAsync(http, world, world.Refusing, TimeSpan.FromSeconds(15), output);
        var kept = await IngestAsync(http, world, world.Consenting, TimeSpan.FromSeconds(15), output);
        output.WriteLine($"Ingestion: {kept.Rate:N0} sightings/s kept and written (goal ≥ 5,000); baseline, same batches without consent (nothing written): {baseline.Rate:N0}/s; ratio {kept.Rate / baseline.Rate:F2}");

        // 2. Latency from the post to the hub's message, idle and under 1,000 sightings/s.
        await using var hub = new HubConnectionBuilder().WithUrl($"{baseUrl}{OccupancyHub.Path}?key={Uri.EscapeDataString(world.DisplayKey)}").Build();
        var waiting = new ConcurrentDictionary<int, TaskCompletionSource>();
        hub.On<FloorSnapshot>(OccupancyHub.FloorMessage, s =>
        {
            if (waiting.TryRemove(s.Totals.Present, out var done))
            {
                done.TrySetResult();
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync<FloorSnapshot>("SubscribeFloor", world.ProbeFloor);
        var probe = 0;
        var idle = await LatencyAsync(http, world, waiting, () => ++probe, 40);
        using var load = new CancellationTokenSource();
        var background = BackgroundLoadAsync(http, world, load.Token);
        var loaded = await LatencyAsync(http, world, waiting, () => ++probe, 60);
        output.WriteLine($"Post → SignalR client: idle p50 {P(idle, 50):F0} ms, p95 {P(idle, 95):F0} ms; under 1,000 sightings/s p50 {P(loaded, 50):F0} ms, p95 {P(loaded, 95):F0} ms, max {loaded.Max():F0} ms (goal p95 ≤ 300 ms)");

        // 3. The same in a browser: post → the live page's counter changed (Playwright polls each animation frame).
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = EndToEnd.BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--renderer-process-limit=4", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "en-GB" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("demo-tenant").SelectOptionAsync(new SelectOptionValue { Value = world.Slug });
        await page.GetByTestId("demo-email").FillAsync(world.AdminEmail);
        await page.GetByTestId("demo-email-submit").ClickAsync();
        await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.GotoAsync($"/occupancy?floor={world.ProbeFloor}");
        await page.WaitForSelectorAsync("[data-testid=live-ready][data-ready='true']", new() { State = WaitForSelectorState.Attached });
        var rendered = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var target = ++probe;
            var clock = Stopwatch.StartNew();
            await PostProbeAsync(http, world, target);
            await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=present]')?.textContent?.trim() === '{target}'", null, new() { PollingInterval = null, Timeout = 10_000 });
            rendered.Add(clock.Elapsed.TotalMilliseconds);
        }

        await load.CancelAsync();
        await background;
        output.WriteLine($"Post → change rendered in the browser, under 1,000 sightings/s: p50 {P(rendered, 50):F0} ms, p95 {P(rendered, 95):F0} ms, max {rendered.Max():F0} ms");

        // 4. Memory per idle circuit: the live page, and as a baseline the console's home page (the same shell).
        await page.CloseAsync();
        var live = await CircuitCostAsync(context, $"/occupancy?floor={world.ProbeFloor}", "[data-testid=live-ready][data-ready='true']", circuits);
        output.WriteLine($"{circuits} idle live-page circuits: managed heap +{live.Heap:F0} KB per circuit, working set +{live.WorkingSet:F0} KB per circuit (guidance ~250 KB; aim < 300 KB)");
        var home = await CircuitCostAsync(context, "/", "#circuit-ready[data-ready='true']", circuits / 2);
        output.WriteLine($"Baseline, {circuits / 2} idle home-page circuits (same shell, no live page): managed heap +{home.Heap:F0} KB, working set +{home.WorkingSet:F0} KB per circuit");
        await context.CloseAsync();
    }

    /// <summary>Opens pages until that many circuits are idle on the server, then closes them; kilobytes per circuit.</summary>
    private static async Task<(double Heap, double WorkingSet)> CircuitCostAsync(IBrowserContext context, string path, string ready, int circuits)
    {
        var before = ServerMemory();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var p = await context.NewPageAsync();
            await p.GotoAsync(path);
            await p.WaitForSelectorAsync(ready, new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            pages.Add(p);
        }

        await Task.Delay(2000);
        var after = ServerMemory();
        foreach (var p in pages)
        {
            await p.CloseAsync();
        }

        await Task.Delay(2000);
        return ((after.Heap - before.Heap) / 1024.0 / circuits, (after.WorkingSet - before.WorkingSet) / 1024.0 / circuits);
    }

    private static (long Heap, long WorkingSet) ServerMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (GC.GetTotalMemory(true), Process.GetCurrentProcess().WorkingSet64);
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task<(double Rate, long Sent)> IngestAsync(HttpClient http, World world, Guid[] people, TimeSpan duration, TextWriter? output)
    {
        long sent = 0, kept = 0, dropped = 0, refused = 0, reports = 0;
        var until = Stopwatch.StartNew();
        var gateways = Enumerable.Range(0, 4).Select(g => Task.Run(async () =>
        {
            var random = new Random(g);
            while (until.Elapsed < duration)
            {
                var batch = Enumerable.Range(0, BatchSize).Select(_ => Sighting(world, people[random.Next(people.Length)], 1 + random.Next(Beacons), -50 - random.Next(40))).ToArray();
                var response = await http.PostAsJsonAsync("/api/v1/detections", new { sightings = batch });
                response.EnsureSuccessStatusCode();
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Interlocked.Add(ref sent, BatchSize);
                Interlocked.Add(ref kept, body.GetProperty("kept").GetInt32());
                Interlocked.Add(ref dropped, body.GetProperty("droppedWithoutConsent").GetInt32());
                Interlocked.Add(ref refused, body.GetProperty("refused").GetArrayLength());
                Interlocked.Add(ref reports, body.GetProperty("beaconReports").GetInt32());
            }
        })).ToArray();
        await Task.WhenAll(gateways);
        var seconds = until.Elapsed.TotalSeconds;
        output?.WriteLine($"  {sent:N0} sightings in {seconds:F1} s: {kept:N0} kept + {dropped:N0} dropped without consent + {refused:N0} refused + {reports:N0} beacon reports = {kept + dropped + refused + reports:N0} ({(kept + dropped + refused + reports == sent ? "none lost" : "MISSING")})");
        return (sent / seconds, sent);
    }

    private static async Task BackgroundLoadAsync(HttpClient http, World world, CancellationToken stop)
    {
        var random = new Random(42);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var batch = Enumerable.Range(0, BatchSize).Select(_ => Sighting(world, world.Consenting[random.Next(world.Consenting.Length)], 1 + random.Next(Beacons), -50 - random.Next(40))).ToArray();
                _ = await http.PostAsJsonAsync("/api/v1/detections", new { sightings = batch }, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<List<double>> LatencyAsync(HttpClient http, World world, ConcurrentDictionary<int, TaskCompletionSource> waiting, Func<int> next, int samples)
    {
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var target = next();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[target] = done;
            var clock = Stopwatch.StartNew();
            await PostProbeAsync(http, world, target);
            await done.Task.WaitAsync(TimeSpan.FromSeconds(10));
            times.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(50);
        }

        return times;
    }

    /// <summary>The n-th probe person arrives on the probe floor: its count of people present becomes n.</summary>
    private static async Task PostProbeAsync(HttpClient http, World world, int n) =>
        (await http.PostAsJsonAsync("/api/v1/detections", new { sightings = new[] { Sighting(world, world.Probes[n - 1], Beacons + 1 + (n % 2), -55) } })).EnsureSuccessStatusCode();

    private static object Sighting(World world, Guid person, int minor, int rssi) =>
        new { person = person.ToString(), uuid = world.Uuid.ToString(), major = 1, minor, rssi, seenAt = DateTimeOffset.UtcNow };

    private static async Task<World> SeedAsync(AdminAppFactory app)
    {
        var slug = "bench-live";
        var uuid = Guid.NewGuid();
        var now = DateTime.UtcNow;
        await using var db = app.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = "Bench Live", ContractStart = new DateOnly(2025, 1, 1), DefaultLanguage = "en" };
        var building = new Building { TenantId = tenant.Id, Name = "Tower", TimeZone = "Europe/Paris", OpenDays = OpenDays.Everyday };
        var load = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = 1, Name = "Load" };
        var probeFloor = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = 2, Name = "Probe" };
        db.AddRange(tenant, building, load, probeFloor);
        var side = (int)Math.Ceiling(Math.Sqrt(Desks));
        for (var d = 0; d < Desks; d++)
        {
            db.Spaces.Add(new Space { TenantId = tenant.Id, FloorId = load.Id, Name = $"L-{d:000}", Kind = SpaceKind.Desk, PlanX = (0.5 + (d % side)) / side, PlanY = (0.5 + (d / side)) / side });
        }

        var beaconSide = (int)Math.Ceiling(Math.Sqrt(Beacons));
        for (var b = 0; b < Beacons; b++)
        {
            db.Beacons.Add(new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = b + 1, Name = $"Load {b}", FloorId = load.Id, X = (0.5 + (b % beaconSide)) / beaconSide, Y = (0.5 + (b / beaconSide)) / beaconSide });
        }

        db.Spaces.AddRange(
            new Space { TenantId = tenant.Id, FloorId = probeFloor.Id, Name = "P-1", Kind = SpaceKind.Desk, PlanX = 0.2, PlanY = 0.2, Capacity = 1 },
            new Space { TenantId = tenant.Id, FloorId = probeFloor.Id, Name = "P-2", Kind = SpaceKind.MeetingRoom, PlanX = 0.8, PlanY = 0.8, Capacity = 500 });
        db.Beacons.AddRange(
            new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = Beacons + 1, Name = "Probe 1", FloorId = probeFloor.Id, X = 0.2, Y = 0.2 },
            new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = Beacons + 2, Name = "Probe 2", FloorId = probeFloor.Id, X = 0.8, Y = 0.8 });
        var admin = new Employee { TenantId = tenant.Id, FirstName = "Bench", LastName = "Admin", Email = $"admin@{slug}.test", NormalizedEmail = Employee.NormalizeEmail($"admin@{slug}.test"), Language = "en" };
        db.Employees.Add(admin);
        db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = admin.Id, Role = Role.TenantAdministrator });
        var people = new List<Guid>();
        for (var i = 0; i < People + 200; i++)
        {
            var email = $"p{i}@{slug}.test";
            var person = new Employee { TenantId = tenant.Id, FirstName = $"P{i}", LastName = "Bench", Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
            db.Employees.Add(person);
            people.Add(person.Id);
            if (i < Consenting || i >= People)
            {
                db.LocationConsents.Add(new LocationConsent { TenantId = tenant.Id, EmployeeId = person.Id, Granted = true, DecidedAtUtc = now.AddDays(-1), PolicyVersion = "2026-01", Source = "App" });
            }
        }

        var ingestion = AccessKey.Create("Bench gateways", AccessKeyPurpose.Ingestion, now, out var ingestionKey);
        var display = AccessKey.Create("Bench lobby", AccessKeyPurpose.Display, now, out var displayKey);
        ingestion.TenantId = display.TenantId = tenant.Id;
        db.AccessKeys.AddRange(ingestion, display);
        await db.SaveChangesAsync();
        return new World(slug, admin.Email, probeFloor.Id, people.Take(Consenting).ToArray(), people.Skip(Consenting).Take(People - Consenting).ToArray(), people.Skip(People).ToArray(), uuid, ingestionKey, displayKey);
    }
}
