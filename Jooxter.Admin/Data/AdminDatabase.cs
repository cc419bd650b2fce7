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
                .Options,
            scope,
            clock),
        DatabaseProvider.SqlServer => new SqlServerAdminDbContext(
            new DbContextOptionsBuilder<SqlServerAdminDbContext>()
                .UseSqlServer(options.ConnectionString)
                .Options,
            scope,
            clock),
        _ => throw new InvalidOperationException($"Unknown database provider {options.Provider}."),
    };

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
