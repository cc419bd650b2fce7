using Jooxter.Admin.Components;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Account;
using Jooxter.Admin.Features.Occupancy;
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
        var resolvedDatabase = AdminDatabase.Resolve(databaseOptions, builder.Environment.ContentRootPath);
        var keysFolder = DatabaseOptions.KeysFolder(builder.Configuration, builder.Environment.ContentRootPath, databaseOptions);
        resolvedDatabase.AuditKey = Audit.AuditKey.Resolve(builder.Configuration, keysFolder);
        services.AddSingleton(resolvedDatabase);
        var checkpointFolder = builder.Configuration[Audit.AuditCheckpointStore.FolderSetting] is { Length: > 0 } folder
            ? folder
            : Path.Combine(builder.Environment.ContentRootPath, databaseOptions.DataFolder, "audit-checkpoints");
        services.AddSingleton(sp => new Audit.AuditCheckpointStore(checkpointFolder, resolvedDatabase.AuditKey, sp.GetRequiredService<ILogger<Audit.AuditCheckpointStore>>()));
        services.AddHostedService<Audit.AuditCheckpointJob>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AdminDatabase>();
        services.AddScoped<DemoDataSeeder>();
        services.AddFeatureServices();
        // Retention, archive deletion and the DPOs' digest, hourly; the tests run them on their own clock instead.
        if (builder.Configuration.GetValue("Privacy:Housekeeping", true))
        {
            services.AddHostedService<Features.Privacy.PrivacyHousekeepingJob>();
        }
        services.AddOptions<Features.Reservations.Notices.MailSettings>().BindConfiguration(Features.Reservations.Notices.MailSettings.Section);
        services.AddOptions<Features.Places.Plans.PlacesOptions>().BindConfiguration(Features.Places.Plans.PlacesOptions.Section)
            .Validate(o => o.BeaconSilentAfter > TimeSpan.Zero && o.LowBatteryPercent is >= 0 and <= 100, "Places:BeaconSilentAfter must be positive and Places:LowBatteryPercent between 0 and 100.")
            .ValidateOnStart();

        // Sign-in cookies must survive restarts and be shared by every instance: keep the keys on disk (a volume in containers).
        var protection = services.AddDataProtection().SetApplicationName("Jooxter.Admin").PersistKeysToFileSystem(Directory.CreateDirectory(keysFolder));
        // Keys at rest encrypted by a certificate the operator provides (a PKCS#12 file, e.g. mounted from a secret store).
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            protection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificatePath, builder.Configuration["DataProtection:CertificatePassword"]));
        }

        builder.AddProductionSafety();

        builder.AddJooxterAuthentication();
        builder.AddSignInRateLimit();
        builder.AddJooxterLocalization();
        builder.AddOccupancy();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapJooxterAdmin(this WebApplication app)
    {
        app.UseKnownProxies();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => true }).AllowAnonymous();
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapPeopleEndpoints();
        app.MapPlanEndpoints();
        app.MapOccupancy();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
