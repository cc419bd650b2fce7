using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Support;

/// <summary>A real SQLite file, migrated from zero, deleted at the end of the test.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    private TestDatabase(string path)
    {
        Path = path;
        Options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString(), AuditKey = Key };
    }

    /// <summary>The audit key of every test database (the console's comes from settings or its key file).</summary>
    public static readonly Jooxter.Admin.Infrastructure.Audit.AuditKey Key = new(System.Text.Encoding.ASCII.GetBytes("test-audit-chain-key-32-bytes-long!!"));

    public string Path { get; }

    public DatabaseOptions Options { get; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A database with every migration applied (copied from one migrated template per test run).</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var template = NewPath();
                var db = new TestDatabase(template);
                await using var context = db.OpenSystem();
                await context.Database.MigrateAsync();
                _template = template;
            }
        }
        finally
        {
            TemplateGate.Release();
        }

        var path = NewPath();
        File.Copy(_template, path);
        return new TestDatabase(path);
    }

    /// <summary>An empty file, nothing applied.</summary>
    public static TestDatabase CreateEmpty() => new(NewPath());

    public static string NewPath() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"jooxter-test-{Guid.NewGuid():N}.db");

    public AdminDbContext OpenSystem(string channel = "test") => AdminDatabase.Create(Options, DataScope.System(channel), Clock);

    public AdminDbContext OpenForTenant(Guid tenantId, Guid? actorId = null) => AdminDatabase.Create(Options, DataScope.ForTenant(tenantId, actorId, "console"), Clock);

    /// <summary>The console's migration step, which sets its journal (write-ahead log), for measurements that must match it.</summary>
    public async Task UseWriteAheadLogAsync()
    {
        await using var db = OpenSystem();
        await Jooxter.Admin.Infrastructure.Hosting.DatabaseInitializer.MigrateAsync(db);
    }

    /// <summary>Adds a tenant with one employee; returns both ids.</summary>
    public async Task<(Guid TenantId, Guid EmployeeId)> AddTenantAsync(string slug, string employeeEmail = "someone@example.test")
    {
        await using var db = OpenSystem();
        var tenant = new Tenant { Slug = slug, Name = $"Tenant {slug}", ContractStart = new DateOnly(2020, 1, 1) };
        var employee = new Employee { TenantId = tenant.Id, FirstName = "Ada", LastName = "Lovelace", Email = employeeEmail, NormalizedEmail = Employee.NormalizeEmail(employeeEmail) };
        db.Tenants.Add(tenant);
        db.Employees.Add(employee);
        await db.SaveChangesAsync();
        return (tenant.Id, employee.Id);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless.
            }
        }

        return ValueTask.CompletedTask;
    }
}
