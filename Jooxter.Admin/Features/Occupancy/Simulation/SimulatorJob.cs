using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy.Ingestion;
using Jooxter.Admin.Features.Occupancy.Live;
using Jooxter.Admin.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy.Simulation;

public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Runs a gateway simulator inside the console (Development only), so that a newcomer sees the live page move.</summary>
    public bool Enabled { get; set; }

    public string Tenant { get; set; } = "demo";

    /// <summary>Sightings per second.</summary>
    public int Rate { get; set; } = 20;
}

/// <summary>The in-process simulator: each second, the walk's sightings go through the same ingestion as the API's.</summary>
public sealed class SimulatorJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SimulatorJob> logger, Microsoft.Extensions.Options.IOptions<SimulatorOptions> options)
    : PeriodicJob(scopes, clock, logger)
{
    private SimulatedWalk? _walk;
    private Guid _tenantId;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override async Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct)
    {
        if (_walk is null)
        {
            var database = services.GetRequiredService<DatabaseOptions>();
            await using (var system = AdminDatabase.Create(database, DataScope.System("simulator"), Clock))
            {
                var slug = Tenants.Tenant.NormalizeSlug(options.Value.Tenant);
                _tenantId = await system.Tenants.Where(t => t.Slug == slug).Select(t => t.Id).SingleOrDefaultAsync(ct);
            }

            if (_tenantId == Guid.Empty)
            {
                return;
            }

            await using var db = AdminDatabase.Create(database, DataScope.ForTenant(_tenantId, null, "simulator"), Clock);
            _walk = await SimulatedWalk.LoadAsync(db, nowUtc, ct: ct);
        }

        var result = await services.GetRequiredService<DetectionIngestor>().IngestAsync(_tenantId, _walk.Next(options.Value.Rate, Clock.GetUtcNow()), ct);
        services.GetRequiredService<OccupancyPublisher>().Request(_tenantId, result.ChangedFloors);
    }
}
