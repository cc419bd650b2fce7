using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Data;

public sealed class TenantIsolationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenantA;
    private Guid _tenantB;
    private Guid _employeeB;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (_tenantA, _) = await _database.AddTenantAsync("alpha", "ada@alpha.test");
        (_tenantB, _employeeB) = await _database.AddTenantAsync("beta", "bob@beta.test");
        await using var db = _database.OpenForTenant(_tenantB);
        db.Buildings.Add(new Building { Name = "Beta HQ" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_tenant_context_reads_only_its_own_rows()
    {
        await using var db = _database.OpenForTenant(_tenantA);

        (await db.Employees.Select(e => e.Email).ToListAsync()).ShouldBe(["ada@alpha.test"]);
        (await db.Buildings.CountAsync()).ShouldBe(0);
        (await db.Employees.FindAsync(_employeeB)).ShouldBeNull();
        (await db.Employees.AnyAsync(e => e.Id == _employeeB)).ShouldBeFalse();
    }

    [Fact]
    public async Task New_rows_get_the_context_tenant()
    {
        await using (var db = _database.OpenForTenant(_tenantA))
        {
            db.Departments.Add(new Department { Name = "Finance" });
            await db.SaveChangesAsync();
        }

        await using var system = _database.OpenSystem();
        (await system.Departments.SingleAsync()).TenantId.ShouldBe(_tenantA);
    }

    [Fact]
    public async Task Creating_a_row_for_another_tenant_is_refused_and_nothing_is_written()
    {
        await using (var db = _database.OpenForTenant(_tenantA))
        {
            db.Departments.Add(new Department { Name = "Finance" });
            db.Departments.Add(new Department { Name = "Intrusion", TenantId = _tenantB });
            await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        await using var system = _database.OpenSystem();
        (await system.Departments.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Updating_or_deleting_another_tenants_row_is_refused()
    {
        Employee foreign;
        await using (var system = _database.OpenSystem())
        {
            foreign = await system.Employees.AsNoTracking().SingleAsync(e => e.Id == _employeeB);
        }

        await using (var db = _database.OpenForTenant(_tenantA))
        {
            foreign.LastName = "Hijacked";
            db.Employees.Update(foreign);
            await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.OpenForTenant(_tenantA))
        {
            db.Employees.Remove(foreign);
            await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.OpenForTenant(_tenantA))
        {
            // Bulk statements go through the query filter: they cannot reach the other tenant either.
            (await db.Employees.Where(e => e.Id == _employeeB).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastName, "Hijacked"))).ShouldBe(0);
            (await db.Employees.Where(e => e.Id == _employeeB).ExecuteDeleteAsync()).ShouldBe(0);
        }

        await using var check = _database.OpenSystem();
        (await check.Employees.SingleAsync(e => e.Id == _employeeB)).LastName.ShouldBe("Lovelace");
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_is_refused()
    {
        await using var db = _database.OpenForTenant(_tenantB);
        var building = await db.Buildings.SingleAsync();
        building.TenantId = _tenantA;

        await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_context_without_tenant_sees_nothing()
    {
        await using var db = AdminDatabase.Create(_database.Options, new DataScope(null, false, null, "anonymous"), TimeProvider.System);

        (await db.Employees.CountAsync()).ShouldBe(0);
        (await db.Buildings.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_concurrent_edit_is_detected()
    {
        await using var first = _database.OpenForTenant(_tenantB);
        await using var second = _database.OpenForTenant(_tenantB);
        var a = await first.Buildings.SingleAsync();
        var b = await second.Buildings.SingleAsync();

        a.Name = "First";
        await first.SaveChangesAsync();
        b.Name = "Second";

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task A_customer_cannot_change_its_own_contract_or_platform_flags()
    {
        await using var db = _database.OpenForTenant(_tenantA);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == _tenantA);
        tenant.IsOperator = true;

        await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_refused_sign_in_register_is_invisible_to_customers()
    {
        await using (var system = _database.OpenSystem())
        {
            system.AccessDenials.Add(new Jooxter.Admin.Infrastructure.Security.AccessDenial { Reason = "UnknownIdentity", Provider = "demo", ClaimedEmail = "x@y.test", OccurredAtUtc = DateTime.UtcNow });
            await system.SaveChangesAsync();
        }

        await using var db = _database.OpenForTenant(_tenantA);
        (await db.AccessDenials.CountAsync()).ShouldBe(0);
        (await db.AuditChainHeads.Select(h => h.TenantId).ToListAsync()).ShouldBe([_tenantA]);
    }

    [Fact]
    public async Task A_row_cannot_point_to_another_customers_row()
    {
        Guid theirBuilding;
        await using (var beta = _database.OpenForTenant(_tenantB))
        {
            theirBuilding = (await beta.Buildings.SingleAsync()).Id;
        }

        await using (var db = _database.OpenForTenant(_tenantA))
        {
            db.Floors.Add(new Floor { BuildingId = theirBuilding, Name = "Smuggled" });
            await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.OpenForTenant(_tenantA))
        {
            // A reference to a row added in the same save, of the same customer, is fine.
            var building = new Building { Name = "Alpha HQ" };
            db.Buildings.Add(building);
            db.Floors.Add(new Floor { BuildingId = building.Id, Name = "Ground" });
            await db.SaveChangesAsync();

            var floor = await db.Floors.SingleAsync();
            floor.BuildingId = theirBuilding;
            await Should.ThrowAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        await using var check = _database.OpenSystem();
        (await check.Floors.CountAsync(f => f.BuildingId == theirBuilding)).ShouldBe(0);
    }
}
