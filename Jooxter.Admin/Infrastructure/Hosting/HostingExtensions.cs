using Jooxter.Admin.Components;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Account;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Health;
using Jooxter.Admin.Infrastructure.Localization;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;

namespace Jooxter.Admin.Infrastructure.Hosting;

public static class HostingExtensions
{
    public static WebApplicationBuilder AddJooxterAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var databaseOptions = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(AdminDatabase.Resolve(databaseOptions, builder.Environment.ContentRootPath));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AdminDatabase>();
        services.AddScoped<DemoDataSeeder>();
        services.AddFeatureServices();
        services.AddOptions<Features.Places.Plans.PlacesOptions>().BindConfiguration(Features.Places.Plans.PlacesOptions.Section)
            .Validate(o => o.BeaconSilentAfter > TimeSpan.Zero && o.LowBatteryPercent is >= 0 and <= 100, "Places:BeaconSilentAfter must be positive and Places:LowBatteryPercent between 0 and 100.")
            .ValidateOnStart();

        // Sign-in cookies must survive restarts and be shared by every instance: keep the keys on disk (a volume in containers).
        var keysFolder = builder.Configuration["DataProtection:KeysFolder"];
        keysFolder = string.IsNullOrWhiteSpace(keysFolder) ? Path.Combine(builder.Environment.ContentRootPath, databaseOptions.DataFolder, "keys") : keysFolder;
        services.AddDataProtection().SetApplicationName("Jooxter.Admin").PersistKeysToFileSystem(Directory.CreateDirectory(keysFolder));

        builder.AddJooxterAuthentication();
        builder.AddJooxterLocalization();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapJooxterAdmin(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => true }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapPeopleEndpoints();
        app.MapPlanEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
