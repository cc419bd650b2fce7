using System.Net;
using System.Reflection;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Integration;

/// <summary>
/// Walks every page and endpoint with every role and anonymously. A page or endpoint added without an entry
/// here fails the suite, so nobody ships a route whose access was never decided.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RouteAuthorizationTests(AdminAppFactory factory)
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not, gets the given status.</summary>
        Public,
        /// <summary>Signed-in employees holding the capability; others are sent to access-denied, anonymous to sign-in.</summary>
        Capability,
    }

    private sealed record Expectation(string Method, string Path, Access Access, Capability? Capability = null, HttpStatusCode PublicStatus = HttpStatusCode.OK, HttpStatusCode AllowedStatus = HttpStatusCode.OK, HttpStatusCode? AlsoAllowed = null);

    private static readonly Expectation[] Matrix =
    [
        new("GET", "/", Access.Capability, Capability.ViewDashboard),
        new("GET", "/places/buildings", Access.Capability, Capability.ViewPlaces),
        new("GET", "/places/buildings/{Id:guid}", Access.Capability, Capability.ViewPlaces),
        new("GET", "/places/floors/{Id:guid}", Access.Capability, Capability.ViewPlaces),
        new("GET", "/places/spaces/{Id:guid}", Access.Capability, Capability.ViewPlaces),
        new("GET", "/places/beacons", Access.Capability, Capability.ViewPlaces),
        new("GET", "/places/import", Access.Capability, Capability.ManagePlaces),
        // The sample floor may or may not have a plan yet (other tests upload one): 200 or 404, never a redirect.
        new("GET", "/places/floors/{id:guid}/plan", Access.Capability, Capability.ViewPlaces, AllowedStatus: HttpStatusCode.NotFound, AlsoAllowed: HttpStatusCode.OK),
        new("GET", "/people/employees", Access.Capability, Capability.ViewPeople),
        new("GET", "/people/import", Access.Capability, Capability.ManagePeople),
        new("GET", "/people/lists", Access.Capability, Capability.ViewPeople),
        new("GET", "/people/employees/new", Access.Capability, Capability.ViewPeople),
        new("GET", "/people/employees/{Id:guid}", Access.Capability, Capability.ViewPeople),
        // The sample employee has no photo: allowed callers get 404, the others never learn that much.
        new("GET", "/people/employees/{id:guid}/photo", Access.Capability, Capability.ViewPeople, AllowedStatus: HttpStatusCode.NotFound),
        new("GET", "/reservations", Access.Capability, Capability.ViewReservations),
        new("GET", "/reservations/queue", Access.Capability, Capability.ArbitrateReservations),
        new("GET", "/privacy/audit", Access.Capability, Capability.ViewAudit),
        // The register's pages open to DPOs and administrators; the services then admit administrators only where their customer allows it.
        new("GET", "/privacy/requests", Access.Capability, Capability.HandleRightsRequests),
        new("GET", "/privacy/requests/{Id:guid}", Access.Capability, Capability.HandleRightsRequests),
        new("GET", "/privacy/records", Access.Capability, Capability.HandleRightsRequests),
        new("GET", "/privacy/retention", Access.Capability, Capability.HandleRightsRequests),
        new("GET", "/settings/tenants", Access.Capability, Capability.ManageTenants),
        new("GET", "/settings/notices", Access.Capability, Capability.ManageSettings),
        new("GET", "/settings/keys", Access.Capability, Capability.ManageSettings),
        new("GET", "/occupancy", Access.Capability, Capability.ViewOccupancy),
        new("GET", "/occupancy/colleagues", Access.Capability, Capability.ViewOccupancy),
        new("GET", "/analytics", Access.Capability, Capability.ViewAnalytics),
        new("GET", "/api/v1/analytics/occupancy", Access.Public, PublicStatus: HttpStatusCode.Unauthorized),
        // Machines' doors: a key, not a sign-in, opens them (their own tests check keys); without one, nothing.
        new("POST", "/api/v1/detections", Access.Public, PublicStatus: HttpStatusCode.Unauthorized),
        new("GET", "/hubs/occupancy/negotiate", Access.Public, PublicStatus: HttpStatusCode.MethodNotAllowed),
        new("GET", "/hubs/occupancy", Access.Public, PublicStatus: HttpStatusCode.BadRequest),
        new("GET", "/signin", Access.Public),
        new("GET", "/signed-out", Access.Public),
        new("GET", "/not-found", Access.Public),
        new("GET", "/error", Access.Public),
        new("GET", "/not-authorized", Access.Public, PublicStatus: HttpStatusCode.Forbidden),
        new("GET", "/access-denied", Access.Public, PublicStatus: HttpStatusCode.Forbidden),
        new("GET", "/healthz", Access.Public),
        new("GET", "/alive", Access.Public),
        new("GET", "/account/signin", Access.Public, PublicStatus: HttpStatusCode.Redirect),
        // Without their anti-forgery token, the three posts are rejected before anything else.
        new("POST", "/culture/set", Access.Public, PublicStatus: HttpStatusCode.BadRequest),
        new("POST", "/account/signout", Access.Public, PublicStatus: HttpStatusCode.BadRequest),
        new("POST", "/account/demo-signin", Access.Public, PublicStatus: HttpStatusCode.BadRequest),
    ];

    /// <summary>
    /// What each role may do, decided here and written out, not read from the console's own capability table: the
    /// walk below checks the console against this, and the test after it fails if the two ever disagree.
    /// </summary>
    private static readonly Dictionary<Role, Capability[]> Decided = new()
    {
        [Role.PlatformOperator] = [Capability.ManageTenants, Capability.ViewDashboard],
        [Role.TenantAdministrator] = [Capability.ViewDashboard, Capability.ViewPlaces, Capability.ManagePlaces, Capability.ViewPeople, Capability.ManagePeople, Capability.ViewReservations, Capability.ArbitrateReservations, Capability.ViewOccupancy, Capability.ViewAnalytics, Capability.ViewAudit, Capability.ManageSettings, Capability.BookOnBehalf, Capability.HandleRightsRequests],
        [Role.FacilityManager] = [Capability.ViewDashboard, Capability.ViewPlaces, Capability.ManagePlaces, Capability.ViewReservations, Capability.ArbitrateReservations, Capability.ViewOccupancy, Capability.ViewAnalytics, Capability.BookOnBehalf],
        [Role.HrAdministrator] = [Capability.ViewDashboard, Capability.ViewPeople, Capability.ManagePeople],
        [Role.DataProtectionOfficer] = [Capability.ViewDashboard, Capability.ViewPeople, Capability.ManagePrivacy, Capability.HandleRightsRequests, Capability.ViewAudit],
        [Role.SpaceManager] = [Capability.ViewDashboard, Capability.ViewPlaces, Capability.ManagePlaces, Capability.ViewReservations, Capability.ArbitrateReservations, Capability.ViewOccupancy, Capability.ViewAnalytics, Capability.BookOnBehalf],
        [Role.Auditor] = [Capability.ViewDashboard, Capability.ViewPlaces, Capability.ViewPeople, Capability.ViewReservations, Capability.ViewAnalytics, Capability.ViewAudit],
        [Role.Assistant] = [Capability.ViewDashboard, Capability.ViewReservations, Capability.BookOnBehalf],
    };

    private static bool MayUse(Role role, Capability capability) => Decided[role].Contains(capability);

    [Fact]
    public void The_console_grants_exactly_the_decided_capabilities()
    {
        var differences = Enum.GetValues<Role>()
            .SelectMany(role => Enum.GetValues<Capability>().Select(capability => (role, capability)))
            .Where(x => Capabilities.Allows(x.capability, [x.role]) != MayUse(x.role, x.capability))
            .Select(x => $"{x.role} {(MayUse(x.role, x.capability) ? "should" : "should not")} have {x.capability}")
            .ToList();

        differences.ShouldBeEmpty();
    }

    public static TheoryData<string> Personas() => new(DemoPersonas.All.Select(p => p.Email).Append("anonymous"));

    [Fact]
    public void Every_page_and_endpoint_is_in_the_matrix()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>().Select(r => $"GET {r.Template}"));
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Where(e => !IsFrameworkOrAsset(e.RoutePattern.RawText!))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"));

        var discovered = pages.Concat(endpoints).ToHashSet();
        var declared = Matrix.Select(m => $"{m.Method} {m.Path}").ToHashSet();

        discovered.Except(declared).ShouldBeEmpty("routes without an access decision in the matrix");
        declared.Except(discovered).ShouldBeEmpty("matrix entries without a route");
    }

    [Fact]
    public void Every_page_declares_a_policy_or_is_explicitly_public()
    {
        var undecided = typeof(Program).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>().Any())
            .Where(t => t.GetCustomAttribute<AuthorizeAttribute>()?.Policy is null && t.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(t => t.Name)
            .ToList();

        undecided.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task Each_route_allows_or_denies_this_caller_as_decided(string who)
    {
        var persona = DemoPersonas.All.FirstOrDefault(p => p.Email == who);
        HttpClient client;
        if (persona is null)
        {
            client = factory.CreateBrowserlessClient();
        }
        else
        {
            (client, var signIn) = await factory.SignInAsync(persona.Email);
            signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            signIn.Headers.Location!.OriginalString.ShouldBe("/");
        }

        // Real records of the demo customer, inside the space manager's floor, so that pages render in full.
        Guid sampleEmployee, sampleBuilding, sampleFloor, sampleSpace;
        string[] sampleTexts;
        await using (var db = factory.OpenSystemDb())
        {
            var email = Jooxter.Admin.Features.People.Employee.NormalizeEmail(DemoPersonas.HrAdmin.Email);
            sampleEmployee = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Employees, e => e.NormalizedEmail == email)).Id;
            var building = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Buildings, b => b.Name == "Paris – Opéra");
            sampleBuilding = building.Id;
            sampleFloor = (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Floors, f => f.BuildingId == building.Id && f.Level == 2)).Id;
            var space = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Spaces, s => s.FloorId == sampleFloor);
            sampleSpace = space.Id;
            var employee = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Employees, e => e.Id == sampleEmployee);
            // What another customer must never read on a page of a demo record.
            sampleTexts = [employee.Email, employee.LastName, building.Name, System.Net.WebUtility.HtmlEncode(building.Name), System.Text.Encodings.Web.HtmlEncoder.Default.Encode(building.Name), space.Name];
        }

        var failures = new List<string>();
        foreach (var expectation in Matrix)
        {
            var sample = expectation.Path.StartsWith("/places/buildings/", StringComparison.Ordinal) ? sampleBuilding
                : expectation.Path.StartsWith("/places/floors/", StringComparison.Ordinal) ? sampleFloor
                : expectation.Path.StartsWith("/places/spaces/", StringComparison.Ordinal) ? sampleSpace
                : sampleEmployee;
            var path = System.Text.RegularExpressions.Regex.Replace(expectation.Path, @"\{[^}]+\}", sample.ToString());
            using var request = new HttpRequestMessage(new HttpMethod(expectation.Method), path);
            using var response = await client.SendAsync(request);
            var location = response.Headers.Location?.OriginalString ?? "";
            var ok = expectation.Access switch
            {
                Access.Public => response.StatusCode == expectation.PublicStatus,
                _ when persona is null => response.StatusCode == HttpStatusCode.Redirect && location.Contains("/signin", StringComparison.Ordinal),
                // Another customer's administrator may open the page, but finds nothing of the demo customer's records.
                _ when MayUse(persona.Role, expectation.Capability!.Value) => response.StatusCode == expectation.AllowedStatus || response.StatusCode == expectation.AlsoAllowed || (persona.TenantSlug != DemoPersonas.DemoTenant && path.Contains(sample.ToString(), StringComparison.Ordinal) && response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound),
                _ => response.StatusCode == HttpStatusCode.Redirect && location.Contains("/access-denied", StringComparison.Ordinal),
            };
            if (!ok)
            {
                failures.Add($"{expectation.Method} {expectation.Path}: {(int)response.StatusCode} {location}");
            }
            else if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync() is var body)
            {
                if (body.Contains("data-testid=\"error-boundary\"", StringComparison.Ordinal))
                {
                    // Allowed, but the page failed while rendering (a service it calls refused this role, say).
                    failures.Add($"{expectation.Method} {expectation.Path}: rendered the error boundary");
                }

                if (persona is not null && persona.TenantSlug != DemoPersonas.DemoTenant && path.Contains(sample.ToString(), StringComparison.Ordinal)
                    && sampleTexts.FirstOrDefault(t => body.Contains(t, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                {
                    failures.Add($"{expectation.Method} {expectation.Path}: another customer read '{leaked}'");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    private static bool IsFrameworkOrAsset(string pattern) =>
        pattern.StartsWith("_", StringComparison.Ordinal) || pattern.StartsWith("/_", StringComparison.Ordinal) || pattern.Contains('.', StringComparison.Ordinal) || pattern.Contains("{**", StringComparison.Ordinal);

    private static string Normalize(string pattern) => pattern.StartsWith('/') ? pattern : "/" + pattern;
}
