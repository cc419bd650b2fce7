using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jooxter.Admin.Data;

/// <summary>The SQLite flavour: the embedded default. Migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAdminDbContext(DbContextOptions<SqliteAdminDbContext> options, DataScope scope, TimeProvider clock)
    : AdminDbContext(options, scope, clock);

/// <summary>The SQL Server flavour: production. Migrations in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerAdminDbContext(DbContextOptions<SqlServerAdminDbContext> options, DataScope scope, TimeProvider clock)
    : AdminDbContext(options, scope, clock);

/// <summary>Used by <c>dotnet ef</c> to build the SQLite migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAdminDbContext>
{
    public SqliteAdminDbContext CreateDbContext(string[] args) =>
        (SqliteAdminDbContext)AdminDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" }, DataScope.System("design"), TimeProvider.System);
}

/// <summary>Used by <c>dotnet ef</c> to build the SQL Server migrations and script; needs no server.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAdminDbContext>
{
    public SqlServerAdminDbContext CreateDbContext(string[] args) =>
        (SqlServerAdminDbContext)AdminDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=(design);Database=JooxterAdmin;Trusted_Connection=True" }, DataScope.System("design"), TimeProvider.System);
}

/// <summary>Keeps one model per kind of scope: tenant-filtered, and unrestricted (see <c>AdminDbContext.OnModelCreating</c>).</summary>
public sealed class ScopedModelCacheKeyFactory : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context is AdminDbContext { IsUnrestricted: true }, designTime);
}
