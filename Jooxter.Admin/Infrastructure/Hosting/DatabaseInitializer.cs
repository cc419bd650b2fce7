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
            await MigrateAsync(database);
        }

        if (app.Configuration.GetSection(SeedOptions.Section).Get<SeedOptions>()?.DemoData == true)
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
        }
    }

    public static async Task MigrateAsync(AdminDatabase database)
    {
        await using var db = database.OpenSystem("system:migrate");
        await MigrateAsync(db);
    }

    /// <summary>
    /// Applies the migrations not yet applied (the console at start, the command line before an import) and sets the
    /// SQLite journal. An up-to-date database is left alone: EF's migrator would otherwise compare the whole model with
    /// the last migration's snapshot on every start (about 0.4 s), a check the migration tests already make.
    /// </summary>
    public static async Task MigrateAsync(AdminDbContext db, CancellationToken ct = default)
    {
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await db.Database.MigrateAsync(ct);
        }

        if (db.Database.IsSqlite())
        {
            // Readers do not wait for the writer: the console stays responsive during an import.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
