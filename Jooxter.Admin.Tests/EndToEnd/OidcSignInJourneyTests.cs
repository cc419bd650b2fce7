using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Jooxter.Admin.Tests.EndToEnd;

/// <summary>
/// The console in OpenID Connect mode, signing in through a real provider on loopback (npm oidc-provider, authorization
/// code with PKCE, claims from its userinfo endpoint), in Chromium.
/// </summary>
public sealed class OidcFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public OidcProviderProcess Provider { get; private set; } = null!;

    public AdminAppFactory App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static readonly OidcAccount[] Accounts =
    [
        // Known, verified, and a facility manager only through the provider's group.
        new("fiona", "sub-fiona", "fiona@oidc-co.test", true, ["jooxter-facilities"]),
        // Known e-mail, but the provider says it is not verified.
        new("ursula", "sub-ursula", "ursula@oidc-co.test", false, ["jooxter-facilities"]),
        // A deactivated employee.
        new("frank", "sub-frank", "frank@oidc-co.test", true, []),
        // An employee of another customer (Acme), signing in through this customer's provider.
        new("carl", "sub-carl", "carl@acme-only.test", true, ["jooxter-facilities"]),
        // Chose a colleague's address as username; their own verified e-mail is elsewhere.
        new("victor@oidc-co.test", "sub-impostor", "impostor@elsewhere.test", true, ["jooxter-facilities"], "victor@oidc-co.test"),
    ];

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"End-to-end tests need Chromium at {BrowserFixture.ChromiumPath}: install Debian's package (apt-get install -y chromium) or set JOOXTER_CHROMIUM.");
        }

        var appPort = OidcProviderProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{appPort}";
        Provider = await OidcProviderProcess.StartAsync(OidcProviderProcess.FreePort(), $"{BaseUrl}/signin-oidc", Accounts);

        App = new AdminAppFactory();
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "Oidc",
            ["Authentication:Oidc:Authority"] = Provider.Issuer,
            ["Authentication:Oidc:ClientId"] = OidcProviderProcess.ClientId,
            ["Authentication:Oidc:ClientSecret"] = OidcProviderProcess.ClientSecret,
            ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
            ["Authentication:Oidc:Scopes:0"] = "openid",
            ["Authentication:Oidc:Scopes:1"] = "profile",
            ["Authentication:Oidc:Scopes:2"] = "email",
            ["Authentication:Oidc:Scopes:3"] = "groups",
            ["Authentication:RoleMappings:0:ClaimType"] = "groups",
            ["Authentication:RoleMappings:0:Value"] = "jooxter-facilities",
            ["Authentication:RoleMappings:0:Role"] = "FacilityManager",
        })
        {
            App.Settings[key] = value;
        }

        App.UseKestrel(appPort);
        App.StartServer();
        await SeedAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A customer that signs in through the test provider, with its people; Acme keeps its own.</summary>
    private async Task SeedAsync()
    {
        await using var db = App.OpenSystemDb();
        var tenant = new Tenant { Slug = "oidc-co", Name = "OIDC Co", ContractStart = new DateOnly(2020, 1, 1), IdentityIssuer = Provider.Issuer };
        db.Tenants.Add(tenant);
        Employee Person(Guid tenantId, string first, string email)
        {
            var employee = new Employee { TenantId = tenantId, FirstName = first, LastName = "Tester", Email = email, NormalizedEmail = Employee.NormalizeEmail(email) };
            db.Employees.Add(employee);
            return employee;
        }

        Person(tenant.Id, "Fiona", "fiona@oidc-co.test");
        var ursula = Person(tenant.Id, "Ursula", "ursula@oidc-co.test");
        var frank = Person(tenant.Id, "Frank", "frank@oidc-co.test");
        var victor = Person(tenant.Id, "Victor", "victor@oidc-co.test");
        var acme = await db.Tenants.SingleAsync(t => t.Slug == "acme");
        var carl = Person(acme.Id, "Carl", "carl@acme-only.test");
        foreach (var holder in new[] { ursula, frank, victor, carl })
        {
            db.RoleAssignments.Add(new RoleAssignment { TenantId = holder.TenantId, EmployeeId = holder.Id, Role = Role.Auditor });
        }

        frank.Deactivate();
        await db.SaveChangesAsync();
    }

    public async Task<IPage> SignInAsync(string login)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB" });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?returnUrl=%2F");
        await page.WaitForURLAsync(url => url.StartsWith(Provider.Issuer, StringComparison.Ordinal));
        await page.FillAsync("input[name=login]", login);
        await page.ClickAsync("#submit");
        await page.WaitForURLAsync(url => url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}

public sealed class OidcSignInJourneyTests(OidcFixture fixture) : IClassFixture<OidcFixture>
{
    [Fact]
    public async Task A_known_employee_signs_in_with_a_role_mapped_from_the_providers_groups()
    {
        var page = await fixture.SignInAsync("fiona");

        await page.WaitForURLAsync($"{fixture.BaseUrl}/");
        await Assertions.Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("OIDC Co");
        var response = await page.GotoAsync("/places/buildings");
        response!.Status.ShouldBe(200);
        new Uri(page.Url).AbsolutePath.ShouldBe("/places/buildings");
        await using var db = fixture.App.OpenSystemDb();
        // The provider's subject is bound on first sign-in, so a later e-mail change keeps the account.
        (await db.Employees.SingleAsync(e => e.Email == "fiona@oidc-co.test")).DirectoryObjectId.ShouldBe("sub-fiona");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("nobody-knows-me", "UnknownIdentity")]
    [InlineData("ursula", "UnverifiedEmail")]
    [InlineData("frank", "Deactivated")]
    [InlineData("carl", "UnknownIdentity")]
    [InlineData("victor@oidc-co.test", "UnknownIdentity")]
    public async Task Everyone_else_is_refused_with_the_page_that_says_why(string login, string reason)
    {
        var page = await fixture.SignInAsync(login);

        page.Url.ShouldBe($"{fixture.BaseUrl}/not-authorized?reason={reason}");
        await Assertions.Expect(page.GetByTestId("not-authorized")).ToBeVisibleAsync();
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "jooxter.admin");
        await page.Context.CloseAsync();
    }
}
