using Jooxter.Admin.Data;
using Jooxter.Admin.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Infrastructure.Hosting;

public sealed class SeedOptions
{
    public const string Section = "Seed";

    /// <summary>Seed the demo customers at start when the database has none. On in Development.</summary>
    public bool DemoData { get; set; }
}

/// <summary>Brings the database to the current migration at start, then seeds the demo data if asked.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        // Sign-in settings are checked before anything touches the database, so a refused configuration changes nothing.
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Security.AuthenticationSettings>>().Value;
        _ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersSettings>>().Value;
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        options.LoggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<AdminDatabase>();
        if (options.MigrateAtStartup)
        {
            await MigrateAsync(database, options);
        }

        if (app.Configuration.GetSection(SeedOptions.Section).Get<SeedOptions>()?.DemoData == true)
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        }
    }

    public static async Task MigrateAsync(AdminDatabase database, DatabaseOptions options)
    {
        await using var db = database.OpenSystem("system:migrate");
        await db.Database.MigrateAsync();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Readers do not wait for the writer: the console stays responsive during an import.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}
