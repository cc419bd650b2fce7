using System.Net.Http.Json;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Simulation;

/// <summary>
/// <c>simulate detections --tenant demo --rate 50 [--url http://localhost:5080] [--seconds N]</c>: a gateway
/// simulator posting through the real API of a running console. It creates an ingestion key for the run (revoked when
/// it ends) in the console's database, walks the customer's consenting people between its beacons, and posts a batch
/// each second. Exit code 0, or 2 for a usage or setup problem.
/// </summary>
public static class SimulateCommand
{
    public static bool Matches(string[] args) => args.Length >= 2 && args[0] == "simulate" && args[1] == "detections";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var tenantSlug = Option("--tenant");
        var url = Option("--url") ?? "http://localhost:5080";
        if (tenantSlug is null || !int.TryParse(Option("--rate") ?? "50", out var rate) || rate is < 1 or > 10_000
            || !int.TryParse(Option("--seconds") ?? "0", out var seconds) || seconds < 0 || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri))
        {
            await error.WriteLineAsync("usage: simulate detections --tenant <tenant> [--rate <sightings per second, 1-10000>] [--url <console address>] [--seconds <duration, 0 = until Ctrl+C>]");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith("--Database", StringComparison.Ordinal) || a.Contains('=')).ToArray());
        var database = AdminDatabase.ForCommandLine(builder);
        var clock = TimeProvider.System;
        Guid tenantId;
        await using (var system = AdminDatabase.Create(database, DataScope.System("cli"), clock))
        {
            var slug = Tenants.Tenant.NormalizeSlug(tenantSlug);
            tenantId = await system.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleOrDefaultAsync(ct);
        }

        if (tenantId == Guid.Empty)
        {
            await error.WriteLineAsync($"Unknown tenant: {tenantSlug}");
            return 2;
        }

        AccessKey key;
        string plain;
        SimulatedWalk walk;
        await using (var db = AdminDatabase.Create(database, DataScope.ForTenant(tenantId, null, "cli"), clock))
        {
            key = AccessKey.Create($"Simulator {clock.GetUtcNow():yyyy-MM-dd HH:mm:ss}", AccessKeyPurpose.Ingestion, clock.GetUtcNow().UtcDateTime, out plain);
            db.AccessKeys.Add(key);
            await db.SaveChangesAsync(ct);
            walk = await SimulatedWalk.LoadAsync(db, clock.GetUtcNow().UtcDateTime, ct: ct);
        }

        await output.WriteLineAsync($"Simulating {walk.People} people at {rate} sightings/s, posting to {new Uri(baseUri, DetectionEndpoints.Path)} (Ctrl+C to stop).");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        if (seconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        using var http = new HttpClient { BaseAddress = baseUri };
        http.DefaultRequestHeaders.Authorization = new("Bearer", plain);
        long kept = 0, dropped = 0, refused = 0;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                try
                {
                    var response = await http.PostAsJsonAsync(DetectionEndpoints.Path, new DetectionBatch(walk.Next(rate, clock.GetUtcNow())), stop.Token);
                    if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<IngestionResult>(stop.Token) is { } result)
                    {
                        (kept, dropped, refused) = (kept + result.Kept, dropped + result.DroppedWithoutConsent, refused + result.Refused.Count);
                    }
                    else
                    {
                        await error.WriteLineAsync($"The console answered {(int)response.StatusCode}.");
                    }
                }
                catch (HttpRequestException problem)
                {
                    await error.WriteLineAsync($"The console at {baseUri} cannot be reached ({problem.Message}); is it running?");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await using var db = AdminDatabase.Create(database, DataScope.ForTenant(tenantId, null, "cli"), clock);
            var stored = await db.AccessKeys.SingleAsync(k => k.Id == key.Id, CancellationToken.None);
            stored.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await output.WriteLineAsync($"Done: {kept:N0} kept, {dropped:N0} dropped without consent, {refused:N0} refused. The run's key is revoked.");
        return 0;
    }
}
