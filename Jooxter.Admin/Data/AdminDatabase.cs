using System.ComponentModel.DataAnnotations;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, defaults to a file in the app's data folder. Required for SQL Server.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply migrations at start-up (default). Turn off where a pipeline applies the idempotent script.</summary>
    public bool MigrateAtStartup { get; set; } = true;

    [Required]
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>The key of the audit chain: not a setting of this section, resolved at start from outside the database.</summary>
    public Infrastructure.Audit.AuditKey? AuditKey { get; set; }

    /// <summary>The application's logging, given to every context (EF's warnings and errors reach the console's logs; values are never logged).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Where keys live (data-protection keys, the audit key): <c>DataProtection:KeysFolder</c>, else the data folder's <c>keys</c>.</summary>
    public static string KeysFolder(IConfiguration configuration, string contentRoot, DatabaseOptions options)
    {
        var configured = configuration["DataProtection:KeysFolder"];
        return string.IsNullOrWhiteSpace(configured) ? Path.Combine(contentRoot, options.DataFolder, "keys") : configured;
    }
}

/// <summary>
/// Opens contexts: one per operation, scoped to the caller's tenant. Pages and services never hold a context
/// for longer than one operation (a Blazor circuit outlives many).
/// </summary>
public sealed class AdminDatabase(DatabaseOptions options, TimeProvider clock, CurrentUser currentUser)
{
    /// <summary>A context that sees and changes only the signed-in user's tenant.</summary>
    public async Task<AdminDbContext> OpenAsync()
    {
        var user = await currentUser.GetAsync();
        return Create(options, DataScope.ForUser(user), clock);
    }

    /// <summary>A context for the platform itself. Callers decide authorization before opening one.</summary>
    public AdminDbContext OpenSystem(string channel, Guid? actorId = null) => Create(options, DataScope.System(channel, actorId), clock);

    public AdminDbContext OpenForTenant(Guid tenantId, Guid? actorId, string channel) => Create(options, DataScope.ForTenant(tenantId, actorId, channel), clock);

    public static AdminDbContext Create(DatabaseOptions options, DataScope scope, TimeProvider clock) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAdminDbContext(
            new DbContextOptionsBuilder<SqliteAdminDbContext>()
                .UseSqlite(options.ConnectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
                .UseLoggerFactory(options.LoggerFactory)
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ScopedModelCacheKeyFactory>()
                .Options,
            scope,
            clock) { AuditKey = options.AuditKey },
        DatabaseProvider.SqlServer => new SqlServerAdminDbContext(
            new DbContextOptionsBuilder<SqlServerAdminDbContext>()
                .UseSqlServer(options.ConnectionString)
                .UseLoggerFactory(options.LoggerFactory)
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ScopedModelCacheKeyFactory>()
                .Options,
            scope,
            clock) { AuditKey = options.AuditKey },
        _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
    };

    /// <summary>The console's database as a command-line tool reaches it: same settings, same audit key, resolved once.</summary>
    public static DatabaseOptions ForCommandLine(IHostApplicationBuilder builder)
    {
        var options = Resolve(builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions(), builder.Environment.ContentRootPath);
        options.AuditKey = Infrastructure.Audit.AuditKey.Resolve(builder.Configuration, DatabaseOptions.KeysFolder(builder.Configuration, builder.Environment.ContentRootPath, options));
        return options;
    }

    /// <summary>Fills in the SQLite default (a file under the data folder) and checks what SQL Server needs.</summary>
    public static DatabaseOptions Resolve(DatabaseOptions options, string contentRoot)
    {
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var folder = Path.IsPathRooted(options.DataFolder) ? options.DataFolder : Path.Combine(contentRoot, options.DataFolder);
            Directory.CreateDirectory(folder);
            options.ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "jooxter-admin.db"), DefaultTimeout = 30 }.ToString();
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is SqlServer.");
        }

        return options;
    }
}
