using System.Net;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Tests.Integration;

[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(AdminAppFactory factory)
{
    [Fact]
    public async Task An_unknown_identity_is_refused_recorded_and_kept_out_of_the_logs()
    {
        var email = $"stranger-{Guid.NewGuid():N}@elsewhere.test";

        var (client, response) = await factory.SignInAsync(email);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/not-authorized?reason=UnknownIdentity");
        (await client.GetAsync("/")).Headers.Location!.OriginalString.ShouldContain("/signin");
        var page = await client.GetAsync("/not-authorized?reason=UnknownIdentity");
        page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.Content.ReadAsStringAsync()).ShouldContain("not authorized for this organisation");

        await using var db = factory.OpenSystemDb();
        (await db.AccessDenials.SingleAsync(a => a.ClaimedEmail == email)).Reason.ShouldBe(nameof(SignInRefusal.UnknownIdentity));
        factory.Logs.Lines.ShouldContain(l => l.Contains("Sign-in refused via demo: UnknownIdentity", StringComparison.Ordinal));
        factory.Logs.Lines.ShouldNotContain(l => l.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_deactivated_employee_cannot_sign_in()
    {
        var (_, response) = await factory.SignInAsync(DemoPersonas.Deactivated.Email);

        response.Headers.Location!.OriginalString.ShouldBe("/not-authorized?reason=Deactivated");
    }

    [Fact]
    public async Task An_email_does_not_carry_an_account_bound_to_another_directory_identity()
    {
        string email;
        await using (var db = factory.OpenSystemDb())
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.DemoTenant);
            var employee = new Employee { TenantId = tenant.Id, FirstName = "Bound", LastName = "User", Email = $"bound.{Guid.NewGuid():N}@demo.jooxter.test", DirectoryObjectId = "oid-original" };
            db.Employees.Add(employee);
            db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = employee.Id, Role = Role.Auditor });
            await db.SaveChangesAsync();
            email = employee.Email;
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var resolver = scope.ServiceProvider.GetRequiredService<SignInResolver>();
        (await ServiceCaller.ResolveAsync(factory, email, "entra", "oid-someone-else")).Refusal.ShouldBe(SignInRefusal.Ambiguous);
        (await ServiceCaller.ResolveAsync(factory, email, "entra", "oid-original")).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task The_email_match_ignores_case_and_spaces()
    {
        var (client, response) = await factory.SignInAsync("  HR@Demo.Jooxter.TEST ");

        response.Headers.Location!.OriginalString.ShouldBe("/");
        (await client.GetAsync("/people/employees")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deactivated_employee_loses_an_open_session_at_the_next_check()
    {
        // An employee of the demo customer with a role, signed in, then deactivated by HR.
        Guid employeeId;
        await using (var db = factory.OpenSystemDb())
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.DemoTenant);
            var employee = new Employee { TenantId = tenant.Id, FirstName = "Temp", LastName = "Worker", Email = $"temp-{Guid.NewGuid():N}@demo.jooxter.test" };
            employee.NormalizedEmail = Employee.NormalizeEmail(employee.Email);
            db.Employees.Add(employee);
            db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = employee.Id, Role = Role.Auditor });
            await db.SaveChangesAsync();
            employeeId = employee.Id;
        }

        var settings = factory.Services.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        var original = settings.RevalidateAfter;
        settings.RevalidateAfter = TimeSpan.Zero;
        try
        {
            string email;
            await using (var db = factory.OpenSystemDb())
            {
                email = (await db.Employees.SingleAsync(e => e.Id == employeeId)).Email;
            }

            var (client, _) = await factory.SignInAsync(email);
            (await client.GetAsync("/privacy/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);

            await using (var db = factory.OpenSystemDb())
            {
                var employee = await db.Employees.SingleAsync(e => e.Id == employeeId);
                employee.Deactivate();
                await db.SaveChangesAsync();
            }

            var after = await client.GetAsync("/privacy/audit");
            after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            after.Headers.Location!.OriginalString.ShouldContain("/signin");
        }
        finally
        {
            settings.RevalidateAfter = original;
        }
    }

    [Fact]
    public async Task Switching_language_is_remembered_on_the_employee_record()
    {
        var (client, _) = await factory.SignInAsync(DemoPersonas.Auditor.Email);

        var response = await factory.PostFormAsync(client, "/culture/set", new() { ["culture"] = "fr", ["redirectUri"] = "/privacy/audit" });

        response.Headers.Location!.OriginalString.ShouldBe("/privacy/audit");
        System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/privacy/audit")).ShouldContain("Journal d'audit");
        await using var db = factory.OpenSystemDb();
        (await db.Employees.SingleAsync(e => e.NormalizedEmail == Employee.NormalizeEmail(DemoPersonas.Auditor.Email))).Language.ShouldBe("fr");

        await factory.PostFormAsync(client, "/culture/set", new() { ["culture"] = "en", ["redirectUri"] = "/" });
    }

    [Fact]
    public async Task The_culture_switch_only_redirects_inside_the_console()
    {
        var client = factory.CreateBrowserlessClient();

        var response = await factory.PostFormAsync(client, "/culture/set", new() { ["culture"] = "fr", ["redirectUri"] = "https://evil.example/" });

        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Sign_in_never_redirects_outside_the_console(string returnUrl)
    {
        var client = factory.CreateBrowserlessClient();

        var response = await AdminAppFactory.PostDemoSignInAsync(client, DemoPersonas.Auditor.Email, Uri.UnescapeDataString(returnUrl));

        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Health_endpoints_answer_without_sign_in()
    {
        var client = factory.CreateBrowserlessClient();

        (await client.GetStringAsync("/healthz")).ShouldBe("Healthy");
        (await client.GetStringAsync("/alive")).ShouldBe("Healthy");
    }
}
