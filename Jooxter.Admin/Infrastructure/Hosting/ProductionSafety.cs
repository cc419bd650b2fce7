using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Infrastructure.Hosting;

/// <summary>Which proxies may tell the console the client's address and scheme (X-Forwarded-For/-Proto).</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the reverse proxies in front of the console, e.g. 10.0.0.4.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the reverse proxies, in CIDR notation, e.g. 10.0.0.0/24.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

/// <summary>
/// Outside Development the console refuses to start with settings that are only safe on a developer's machine: a
/// wildcard AllowedHosts, forwarded headers trusted from any proxy, or demo data seeded under a real sign-in.
/// </summary>
public sealed class ProductionSafetyValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new List<string>();
        foreach (var proxy in options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            failures.Add($"ForwardedHeaders:KnownProxies has '{proxy}', which is not an IP address.");
        }

        foreach (var network in options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            failures.Add($"ForwardedHeaders:KnownNetworks has '{network}', which is not a network in CIDR notation (e.g. 10.0.0.0/24).");
        }

        if (!environment.IsDevelopment())
        {
            var hosts = configuration["AllowedHosts"];
            if (string.IsNullOrWhiteSpace(hosts) || hosts.Split(';').Any(h => h.Trim() == "*"))
            {
                failures.Add("AllowedHosts is '*' (or empty), which accepts any Host header; name the console's host names, e.g. AllowedHosts=admin.jooxter.example.");
            }

            if (string.Equals(configuration["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] ?? configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add("ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts forwarded headers from any proxy; remove it and name the proxies in ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks.");
            }

            var demoMode = string.Equals(configuration["Authentication:Mode"] ?? "Demo", "Demo", StringComparison.OrdinalIgnoreCase);
            if (configuration.GetValue<bool>("Seed:DemoData") && !demoMode)
            {
                failures.Add("Seed:DemoData is on while Authentication:Mode is not Demo: demo people and personas would be created in a real customer's database.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ProductionSafety
{
    public static void AddProductionSafety(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersSettings>().BindConfiguration(ForwardedHeadersSettings.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ProductionSafetyValidator>();
    }

    /// <summary>Honours X-Forwarded-For/-Proto only from the proxies named in settings.</summary>
    public static void UseKnownProxies(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (!settings.IsConfigured)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        app.UseForwardedHeaders(options);
    }
}
