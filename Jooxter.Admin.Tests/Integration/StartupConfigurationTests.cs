using Jooxter.Admin.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Tests.Integration;

public sealed class StartupConfigurationTests
{
    [Fact]
    public void Demo_sign_in_refuses_to_start_outside_development_and_touches_no_database()
    {
        using var factory = new AdminAppFactory { EnvironmentName = "Production" };
        factory.Settings["AllowedHosts"] = "admin.jooxter.test";

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("Authentication:Mode is Demo");
        error.Message.ShouldContain("Authentication:AllowDemoOutsideDevelopment");
        File.Exists(factory.DatabasePath).ShouldBeFalse();
    }

    [Fact]
    public void Entra_id_without_its_keys_refuses_to_start_and_names_them()
    {
        using var factory = new AdminAppFactory { EnvironmentName = "Production" };
        factory.Settings["Authentication:Mode"] = "EntraId";
        factory.Settings["Authentication:EntraId:TenantId"] = "contoso.onmicrosoft.com";
        factory.Settings["AllowedHosts"] = "admin.jooxter.test";
        factory.Settings["Seed:DemoData"] = "false";

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("Authentication:EntraId:ClientId is required");
        error.Message.ShouldContain("Authentication:EntraId:ClientSecret is required");
        error.Message.ShouldNotContain("Authentication:EntraId:TenantId is required");
    }

    [Fact]
    public void Production_refuses_any_host_any_proxy_and_demo_data_under_a_real_sign_in()
    {
        using var factory = new AdminAppFactory { EnvironmentName = "Production" };
        factory.Settings["Authentication:Mode"] = "Oidc";
        factory.Settings["Authentication:Oidc:Authority"] = "https://idp.jooxter.test";
        factory.Settings["Authentication:Oidc:ClientId"] = "console";
        factory.Settings["AllowedHosts"] = "*";
        factory.Settings["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        factory.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33";

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("AllowedHosts is '*'");
        error.Message.ShouldContain("ASPNETCORE_FORWARDEDHEADERS_ENABLED trusts forwarded headers from any proxy");
        error.Message.ShouldContain("Seed:DemoData is on while Authentication:Mode is not Demo");
        error.Message.ShouldContain("ForwardedHeaders:KnownNetworks has '10.0.0.0/33'");
        File.Exists(factory.DatabasePath).ShouldBeFalse();
    }
}
