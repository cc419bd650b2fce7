using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

/// <summary>An open console tab follows the employee record: roles and scopes are read again while the page stays open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_revoked_role_leaves_the_open_tab_without_a_reload()
    {
        // An employee of its own holding two roles; the auditor role is what opens the audit trail.
        Guid tenantId, employeeId, auditorRole;
        var email = $"two.roles.{Guid.NewGuid():N}@demo.jooxter.test";
        await using (var db = browser.App.OpenSystemDb())
        {
            tenantId = (await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.DemoTenant)).Id;
            var employee = new Employee { TenantId = tenantId, FirstName = "Two", LastName = "Roles", Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
            var auditor = new RoleAssignment { TenantId = tenantId, EmployeeId = employee.Id, Role = Role.Auditor };
            db.Employees.Add(employee);
            db.RoleAssignments.AddRange(auditor, new RoleAssignment { TenantId = tenantId, EmployeeId = employee.Id, Role = Role.HrAdministrator });
            await db.SaveChangesAsync();
            (employeeId, auditorRole) = (employee.Id, auditor.Id);
        }

        var settings = browser.App.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        var original = settings.RevalidateAfter;
        settings.RevalidateAfter = TimeSpan.FromSeconds(1);
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync("/signin");
            await page.GetByTestId("demo-tenant").SelectOptionAsync(DemoPersonas.DemoTenant);
            await page.GetByTestId("demo-email").FillAsync(email);
            await page.GetByTestId("demo-email-submit").ClickAsync();
            await page.GotoAsync("/privacy/audit");
            await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Audit trail");

            await using (var db = browser.App.OpenSystemDb())
            {
                db.RoleAssignments.Remove(await db.RoleAssignments.SingleAsync(r => r.Id == auditorRole));
                await db.SaveChangesAsync();
            }

            // No reload: the circuit reads the roles again and the page it shows is refused.
            await Assertions.Expect(page.GetByTestId("access-denied-live")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            new Uri(page.Url).AbsolutePath.ShouldBe("/privacy/audit");
        }
        finally
        {
            settings.RevalidateAfter = original;
            await using var db = browser.App.OpenSystemDb();
            await db.RoleAssignments.Where(r => r.EmployeeId == employeeId).ExecuteDeleteAsync();
        }
    }
}

/// <summary>The content security policy (script-src 'self', no eval) leaves every page of the console working.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_console_runs_under_its_content_security_policy_without_a_violation()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("/signin");
        await page.Locator($"button[value='{DemoPersonas.TenantAdmin.TenantSlug}:{DemoPersonas.TenantAdmin.Email}']").ClickAsync();
        foreach (var path in new[] { "/", "/places/buildings", "/people/employees", "/people/import", "/privacy/audit", "/places/beacons" })
        {
            await page.GotoAsync(path);
            await page.WaitForSelectorAsync("#circuit-ready[data-ready='true']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
        }

        violations.ShouldBeEmpty();
    }
}
