using Jooxter.Admin.Data;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Jooxter.Admin.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteAdminDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_migrations_match_the_model()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqlServerAdminDbContext --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Names(sqlite).ShouldBe(Names(sqlServer));
    }

    [Fact]
    public async Task A_fresh_sqlite_database_migrates_from_zero()
    {
        await using var database = TestDatabase.CreateEmpty();
        await using var db = database.OpenSystem();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBeEmpty();

        await db.Database.MigrateAsync();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Tenants.CountAsync()).ShouldBe(0);
        (await db.AuditEntries.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public void The_idempotent_sql_server_script_generates_without_a_server()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.ShouldContain("IF NOT EXISTS");
        script.ShouldContain("CREATE TABLE [Employees]");
        script.ShouldContain("nvarchar(254)");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_AuditEntries_TenantId_Sequence]");
        script.ShouldNotContain("AUTOINCREMENT");
    }
}
