using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Integration;

[Collection(ConsoleCollection.Name)]
public sealed class SecurityHeadersTests(AdminAppFactory factory)
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/healthz")]
    [InlineData("/not-found")]
    [InlineData("/css/app.css")]
    [InlineData("/places/buildings")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var (client, _) = await factory.SignInAsync(DemoPersonas.FacilityManager.Email);

        var response = await client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self';");
        csp.ShouldNotContain("unsafe-eval");
        csp.ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["strict-origin-when-cross-origin"]);
        response.Headers.GetValues("Permissions-Policy").Single().ShouldContain("geolocation=()");
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
    }
}
