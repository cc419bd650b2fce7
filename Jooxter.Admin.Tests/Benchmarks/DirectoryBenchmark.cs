using System.Diagnostics;
using System.Security.Claims;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// The employee directory with N employees in one organisation: server time per page for the queries a person makes,
/// against a baseline in the same run (the same page read by primary key with no filter, sort or count).
/// </summary>
public static class DirectoryBenchmark
{
    public static async Task RunAsync(int count, TextWriter output)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (tenantId, hrId) = await database.AddTenantAsync("bench", "hr@bench.test");
        var departments = Enumerable.Range(0, 40).Select(i => new Department { Name = $"Département {i}" }).ToList();
        var groups = Enumerable.Range(0, 60).Select(i => new UserGroup { Name = $"Groupe {i}" }).ToList();
        var firstNames = new[] { "Hélène", "Élodie", "Jérôme", "François", "Zoé", "Ana", "Noël", "Chloé", "Loïc", "Maëlle" };
        var employees = Enumerable.Range(1, count).Select(i => new Employee
        {
            FirstName = firstNames[i % firstNames.Length],
            LastName = $"Nom{i:000000}",
            Email = $"person{i}@bench.test",
            DepartmentId = departments[i % departments.Count].Id,
            Status = i % 25 == 0 ? EmployeeStatus.Deactivated : EmployeeStatus.Active,
        }).ToList();
        var members = employees.Select((e, i) => new UserGroupMember { EmployeeId = e.Id, UserGroupId = groups[i % groups.Count].Id }).ToList();
        var watch = Stopwatch.StartNew();
        await using (var db = database.OpenForTenant(tenantId, hrId))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync(departments);
            await db.BulkInsertAsync(groups);
            await db.BulkInsertAsync(employees);
            await db.BulkInsertAsync(members);
            await transaction.CommitAsync();
        }

        output.WriteLine($"Seeded {count:N0} employees with groups and departments in {watch.Elapsed.TotalSeconds:F1} s");

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, hrId.ToString()),
            new Claim(JooxterClaims.TenantId, tenantId.ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.HrAdministrator)),
        ], "bench"));
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } };
        var directory = new EmployeeDirectoryService(new Jooxter.Admin.Data.AdminDatabase(database.Options, TimeProvider.System, new CurrentUser(accessor)), new CurrentUser(accessor));

        var baseline = await Timing.MeasureAsync(async () =>
        {
            await using var db = database.OpenForTenant(tenantId);
            return (await db.Employees.AsNoTracking().OrderBy(e => e.Id).Take(25).Select(e => new { e.Id, e.FirstName, e.LastName, e.Email }).ToListAsync()).Count;
        });
        output.WriteLine($"Baseline, 25 rows by primary key, no count/filter/sort: median {baseline.Median:F1} ms");

        var cases = new (string Name, EmployeeQuery Query)[]
        {
            ("First page, sorted by last name", new EmployeeQuery()),
            ("Page 2,000 (rows 50,001-50,025)", new EmployeeQuery(Page: 2000)),
            ("Sorted by e-mail, descending", new EmployeeQuery(Sort: EmployeeSort.Email, Descending: true)),
            ("Search 'helene' (accent-free, 1 in 10 match)", new EmployeeQuery("helene")),
            ("Search 'nom04242' (a few matches)", new EmployeeQuery("nom04242")),
            ("Filter: one department", new EmployeeQuery(DepartmentId: departments[7].Id)),
            ("Filter: one group", new EmployeeQuery(GroupId: groups[11].Id)),
            ("Filter: deactivated", new EmployeeQuery(Status: EmployeeStatus.Deactivated)),
        };
        foreach (var (name, query) in cases)
        {
            var total = 0;
            var timing = await Timing.MeasureAsync(async () =>
            {
                var page = await directory.SearchAsync(query);
                total = page.Total;
                return page.Items.Count;
            });
            output.WriteLine($"{name}: median {timing.Median:F1} ms, max {timing.Max:F1} ms ({total:N0} matching) = {timing.Median / baseline.Median:F1} x baseline");
        }
    }
}
