using System.Net;
using System.Text.RegularExpressions;
using Jooxter.Admin.Features.Home;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>The console on a fake clock: contracts end, sessions are checked again, deadlines pass, when the test says so.</summary>
public sealed class FakeClockApp : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Start);

    public AdminAppFactory App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new AdminAppFactory { Clock = Clock };
        _ = App.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed partial class ClockTests(FakeClockApp app) : IClassFixture<FakeClockApp>
{
    /// <summary>A customer of the test's own with one employee holding the given role.</summary>
    private async Task<(Guid Tenant, Guid Employee, string Email, string Slug)> CustomerAsync(Role role, DateOnly? contractEnd = null)
    {
        var slug = $"clock-{Guid.NewGuid():N}"[..18];
        var email = $"someone@{slug}.test";
        await using var db = app.App.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = slug, ContractStart = new DateOnly(2025, 1, 1), ContractEnd = contractEnd };
        var employee = new Employee { TenantId = tenant.Id, FirstName = "Clock", LastName = "Tester", Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
        db.Tenants.Add(tenant);
        db.Employees.Add(employee);
        db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = employee.Id, Role = role });
        await db.SaveChangesAsync();
        return (tenant.Id, employee.Id, email, slug);
    }

    private async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string email, string slug)
    {
        var client = app.App.CreateBrowserlessClient();
        return (client, await AdminAppFactory.PostDemoSignInAsync(client, email, tenantSlug: slug));
    }

    [Fact]
    public async Task The_end_of_a_contract_refuses_sign_in_and_ends_open_sessions()
    {
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var customer = await CustomerAsync(Role.Auditor, contractEnd: today.AddDays(3));
        var (client, response) = await SignInAsync(customer.Email, customer.Slug);
        response.Headers.Location!.OriginalString.ShouldBe("/");

        app.Clock.Advance(TimeSpan.FromDays(4));

        var open = await client.GetAsync("/privacy/audit");
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        open.Headers.Location!.OriginalString.ShouldContain("/signin");
        (await SignInAsync(customer.Email, customer.Slug)).Response.Headers.Location!.OriginalString.ShouldBe("/not-authorized?reason=OrganisationInactive");
    }

    [Fact]
    public async Task A_revoked_role_is_gone_from_an_open_session_within_a_minute()
    {
        var customer = await CustomerAsync(Role.Auditor);
        await using (var db = app.App.OpenSystemDb())
        {
            db.RoleAssignments.Add(new RoleAssignment { TenantId = customer.Tenant, EmployeeId = customer.Employee, Role = Role.HrAdministrator });
            await db.SaveChangesAsync();
        }

        var (client, _) = await SignInAsync(customer.Email, customer.Slug);
        (await client.GetAsync("/privacy/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = app.App.OpenSystemDb())
        {
            await db.RoleAssignments.Where(r => r.EmployeeId == customer.Employee && r.Role == Role.Auditor).ExecuteDeleteAsync();
        }

        app.Clock.Advance(TimeSpan.FromSeconds(61));

        var after = await client.GetAsync("/privacy/audit");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        (await client.GetAsync("/people/employees")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_active()
    {
        var customer = await CustomerAsync(Role.Auditor);
        var (client, _) = await SignInAsync(customer.Email, customer.Slug);
        for (var hour = 0; hour < 11; hour += 5)
        {
            (await client.GetAsync("/privacy/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
            app.Clock.Advance(TimeSpan.FromHours(5));
        }

        // 15 hours after sign-in, active every 5 hours: the sliding cookie alone would still hold.
        var late = await client.GetAsync("/privacy/audit");
        late.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        late.Headers.Location!.OriginalString.ShouldContain("/signin");
    }

    [Fact]
    public async Task A_rights_request_turns_overdue_after_thirty_days()
    {
        var customer = await CustomerAsync(Role.DataProtectionOfficer);
        await using (var db = app.App.OpenForTenant(customer.Tenant))
        {
            db.RightsRequests.Add(RightsRequest.Receive(RightsRequestKind.Access, app.Clock.GetUtcNow().UtcDateTime, customer.Employee));
            await db.SaveChangesAsync();
        }

        async Task<int> OverdueAsync()
        {
            var principal = (await ServiceCaller.ResolveAsync(app.App, customer.Email, tenantSlug: customer.Slug)).Principal!;
            await using var scope = ServiceCaller.As(app.App, principal);
            return (await scope.ServiceProvider.GetRequiredService<DashboardService>().GetTilesAsync()).Single(t => t.Metric == DashboardMetric.OverdueRightsRequests).Value;
        }

        app.Clock.Advance(TimeSpan.FromDays(29));
        (await OverdueAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromDays(2));
        (await OverdueAsync()).ShouldBe(1);
    }

    [Fact]
    public void No_production_code_reads_the_wall_clock()
    {
        var root = Path.Combine(OidcProviderProcess.RepositoryRoot(), "Jooxter.Admin");
        var offenders = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => WallClock().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [GeneratedRegex(@"\bDate(Time|TimeOffset|Only)\s*\.\s*(Now|UtcNow|Today)\b")]
    private static partial Regex WallClock();
}
