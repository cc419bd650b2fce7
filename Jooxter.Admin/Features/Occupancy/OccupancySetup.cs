using Jooxter.Admin.Features.Occupancy.Ingestion;
using Jooxter.Admin.Features.Occupancy.Live;

namespace Jooxter.Admin.Features.Occupancy;

/// <summary>Live occupancy's services, endpoints and hub; with <c>Redis:ConnectionString</c> the hub and the stream cross instances through Redis.</summary>
public static class OccupancySetup
{
    public const string RedisSetting = "Redis:ConnectionString";

    public static WebApplicationBuilder AddOccupancy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var occupancy = builder.Configuration.GetSection(OccupancyOptions.Section).Get<OccupancyOptions>() ?? new OccupancyOptions();
        services.AddOptions<OccupancyOptions>().BindConfiguration(OccupancyOptions.Section)
            .Validate(OccupancyOptions.IsValid, "Occupancy:PresenceSilence must be positive and at most 30 minutes, Occupancy:MaxSightingsPerBatch 1 to 10,000, Occupancy:IngestionRequestsPerMinute positive.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<BeaconMap>();
        services.AddSingleton<AccessKeyAuthenticator>();
        services.AddScoped<DetectionIngestor>();
        services.AddSingleton<OccupancyPublisher>();
        services.AddScoped<AccessKeyService>();
        services.AddScoped<ConsentService>();
        services.AddScoped<LiveOccupancyService>();
        services.AddScoped<Colleagues.ColleagueFinderService>();
        services.AddScoped<Analytics.AnalyticsService>();
        services.AddHostedService<OccupancyHubForwarder>();
        services.AddHostedService<LocationJob>();
        services.AddOptions<Simulation.SimulatorOptions>().BindConfiguration(Simulation.SimulatorOptions.Section);
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue<bool>($"{Simulation.SimulatorOptions.Section}:Enabled"))
        {
            services.AddHostedService<Simulation.SimulatorJob>();
        }

        services.AddIngestionRateLimit(occupancy.IngestionRequestsPerMinute);
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);

        var signalR = services.AddSignalR();
        if (builder.Configuration[RedisSetting] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("jooxter-hub"));
            services.AddSingleton<OccupancyStream>(sp => new RedisOccupancyStream(redis, sp.GetRequiredService<ILogger<RedisOccupancyStream>>()));
        }
        else
        {
            services.AddSingleton<OccupancyStream, LocalOccupancyStream>();
        }

        return builder;
    }

    public static WebApplication MapOccupancy(this WebApplication app)
    {
        app.MapDetectionEndpoints();
        Analytics.AnalyticsFeed.MapAnalyticsFeed(app);
        app.MapHub<OccupancyHub>(OccupancyHub.Path).AllowAnonymous();
        app.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous();
        return app;
    }
}
