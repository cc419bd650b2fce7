using System.Net;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>A sign-in is matched within the customer whose provider issued it, by a verified e-mail; nothing crosses customers.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInIsolationTests(AdminAppFactory factory)
{
    /// <summary>A customer of the test's own, signing in through its own issuer, with one employee holding a role.</summary>
    private async Task<(Guid TenantId, string Issuer, Guid EmployeeId)> CustomerAsync(string email, bool trustsUsername = false, string? domains = null)
    {
        var slug = $"c-{Guid.NewGuid():N}"[..20];
        var issuer = $"https://{slug}.idp.test";
        await using var db = factory.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = slug, ContractStart = new DateOnly(2020, 1, 1), IdentityIssuer = issuer, TrustsPreferredUsername = trustsUsername, AllowedEmailDomains = domains };
        var employee = new Employee { TenantId = tenant.Id, FirstName = "Pat", LastName = slug, Email = email, NormalizedEmail = Employee.NormalizeEmail(email) };
        db.Tenants.Add(tenant);
        db.Employees.Add(employee);
        db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = employee.Id, Role = Role.Auditor });
        await db.SaveChangesAsync();
        return (tenant.Id, issuer, employee.Id);
    }

    private async Task<SignInOutcome> ResolveAsync(SignInIdentity identity)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SignInResolver>().ResolveAsync(identity);
    }

    [Fact]
    public async Task Two_customers_with_the_same_email_each_sign_in_their_own_employee()
    {
        var email = $"same.{Guid.NewGuid():N}@shared.test";
        var first = await CustomerAsync(email);
        var second = await CustomerAsync(email);

        var one = await ResolveAsync(new SignInIdentity("oidc", Issuer: first.Issuer + "/", ObjectId: "sub-1", Email: email, EmailVerified: true));
        var two = await ResolveAsync(new SignInIdentity("oidc", Issuer: second.Issuer, ObjectId: "sub-2", Email: email, EmailVerified: true));

        UserContext.FromPrincipal(one.Principal).TenantId.ShouldBe(first.TenantId);
        UserContext.FromPrincipal(one.Principal).EmployeeId.ShouldBe(first.EmployeeId);
        UserContext.FromPrincipal(two.Principal).TenantId.ShouldBe(second.TenantId);
        UserContext.FromPrincipal(two.Principal).EmployeeId.ShouldBe(second.EmployeeId);
    }

    [Fact]
    public async Task Another_customer_creating_the_demo_admins_email_does_not_lock_the_demo_admin_out()
    {
        Guid intruder;
        await using (var db = factory.OpenSystemDb())
        {
            var acme = await db.Tenants.SingleAsync(t => t.Slug == DemoPersonas.OtherTenant);
            var copy = new Employee { TenantId = acme.Id, FirstName = "Copy", LastName = "Cat", Email = DemoPersonas.TenantAdmin.Email, NormalizedEmail = Employee.NormalizeEmail(DemoPersonas.TenantAdmin.Email) };
            db.Employees.Add(copy);
            db.RoleAssignments.Add(new RoleAssignment { TenantId = acme.Id, EmployeeId = copy.Id, Role = Role.Auditor });
            await db.SaveChangesAsync();
            intruder = copy.Id;
        }

        try
        {
            var (client, response) = await factory.SignInAsync(DemoPersonas.TenantAdmin.Email);

            response.Headers.Location!.OriginalString.ShouldBe("/");
            (await client.GetStringAsync("/")).ShouldContain("Demo Corp");
        }
        finally
        {
            await using var db = factory.OpenSystemDb();
            await db.RoleAssignments.Where(r => r.EmployeeId == intruder).ExecuteDeleteAsync();
            await db.Employees.Where(e => e.Id == intruder).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task An_issuer_no_customer_signs_in_with_is_refused()
    {
        var email = $"known.{Guid.NewGuid():N}@shared.test";
        await CustomerAsync(email);

        var outcome = await ResolveAsync(new SignInIdentity("oidc", Issuer: "https://unregistered.idp.test", ObjectId: "sub", Email: email, EmailVerified: true));

        outcome.Refusal.ShouldBe(SignInRefusal.UnknownOrganisation);
    }

    [Fact]
    public async Task A_chosen_username_never_finds_a_colleague_unless_the_customer_vouches_for_usernames()
    {
        var victim = $"victim.{Guid.NewGuid():N}@corp.test";
        var customer = await CustomerAsync(victim);

        var impostor = await ResolveAsync(new SignInIdentity("oidc", Issuer: customer.Issuer, ObjectId: "sub-impostor", Email: "impostor@elsewhere.test", EmailVerified: true, PreferredUsername: victim));

        impostor.Refusal.ShouldBe(SignInRefusal.UnknownIdentity);
        await using (var db = factory.OpenSystemDb())
        {
            (await db.Employees.SingleAsync(e => e.Id == customer.EmployeeId)).DirectoryObjectId.ShouldBeNull();
        }

        var vouched = await CustomerAsync($"upn.{Guid.NewGuid():N}@corp.test", trustsUsername: true);
        string upn;
        await using (var db = factory.OpenSystemDb())
        {
            upn = (await db.Employees.SingleAsync(e => e.Id == vouched.EmployeeId)).Email;
        }

        var entra = await ResolveAsync(new SignInIdentity("entra", Issuer: vouched.Issuer, ObjectId: "oid-upn", PreferredUsername: upn));
        UserContext.FromPrincipal(entra.Principal).EmployeeId.ShouldBe(vouched.EmployeeId);
    }

    [Fact]
    public async Task An_unverified_email_or_one_outside_the_customers_domains_finds_nobody()
    {
        var email = $"person.{Guid.NewGuid():N}@corp.test";
        var customer = await CustomerAsync(email, domains: "other.test");

        (await ResolveAsync(new SignInIdentity("oidc", Issuer: customer.Issuer, ObjectId: "s1", Email: email, EmailVerified: false))).Refusal.ShouldBe(SignInRefusal.UnverifiedEmail);
        (await ResolveAsync(new SignInIdentity("oidc", Issuer: customer.Issuer, ObjectId: "s2", Email: email, EmailVerified: true))).Refusal.ShouldBe(SignInRefusal.UnknownIdentity);
    }

    [Fact]
    public async Task The_operator_names_each_customers_provider_once()
    {
        var first = await CustomerAsync($"a.{Guid.NewGuid():N}@corp.test");
        var second = await CustomerAsync($"b.{Guid.NewGuid():N}@corp.test");
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.Operator.Email));
        var tenants = scope.ServiceProvider.GetRequiredService<TenantService>();

        (await tenants.SetSignInAsync(second.TenantId, new TenantSignIn("not a url", null, false))).Errors.Single().MessageKey.ShouldBe("Tenants.IssuerInvalid");
        (await tenants.SetSignInAsync(second.TenantId, new TenantSignIn("http://idp.example.com", null, false))).Errors.Single().MessageKey.ShouldBe("Tenants.IssuerInvalid");
        (await tenants.SetSignInAsync(second.TenantId, new TenantSignIn(first.Issuer + "/", null, false))).Errors.Single().MessageKey.ShouldBe("Tenants.IssuerTaken");
        (await tenants.SetSignInAsync(second.TenantId, new TenantSignIn(null, "corp.test, bad_domain", false))).Errors.Single().MessageKey.ShouldBe("Tenants.DomainsInvalid");

        var directory = Guid.NewGuid();
        (await tenants.SetSignInAsync(second.TenantId, new TenantSignIn(directory.ToString().ToUpperInvariant(), "@Corp.test; corp.example", true))).Succeeded.ShouldBeTrue();
        await using var db = factory.OpenSystemDb();
        var saved = await db.Tenants.SingleAsync(t => t.Id == second.TenantId);
        (saved.IdentityIssuer, saved.AllowedEmailDomains, saved.TrustsPreferredUsername).ShouldBe((directory.ToString(), "corp.test, corp.example", true));
    }

    [Fact]
    public async Task Only_a_platform_operator_may_name_a_customers_provider()
    {
        var customer = await CustomerAsync($"c.{Guid.NewGuid():N}@corp.test");
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.TenantAdmin.Email));

        await Should.ThrowAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<TenantService>().SetSignInAsync(customer.TenantId, new TenantSignIn("https://attacker.idp.test", null, true)));
        await using var db = factory.OpenSystemDb();
        (await db.Tenants.SingleAsync(t => t.Id == customer.TenantId)).IdentityIssuer.ShouldBe(customer.Issuer);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address()
    {
        await using var limited = new AdminAppFactory();
        limited.Settings["Authentication:SignInAttemptsPerMinute"] = "3";
        var client = limited.CreateBrowserlessClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await AdminAppFactory.PostDemoSignInAsync(client, $"nobody{i}@elsewhere.test")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task The_language_cannot_be_changed_by_a_link()
    {
        var (client, _) = await factory.SignInAsync(DemoPersonas.Auditor.Email);

        (await client.GetAsync("/culture/set?culture=fr&redirectUri=%2F")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/culture/set", new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = "fr" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
