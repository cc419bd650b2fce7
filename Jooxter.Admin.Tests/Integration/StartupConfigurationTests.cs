using Jooxter.Admin.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Tests.Integration;

public sealed class StartupConfigurationTests
{
    [Fact]
    public void Demo_sign_in_refuses_to_start_outside_development_and_touches_no_database()
    {
        using var factory = new AdminAppFactory { EnvironmentName = "Production" };

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

        var error = Should.Throw<OptionsValidationException>(() => factory.CreateClient());

        error.Message.ShouldContain("Authentication:EntraId:ClientId is required");
        error.Message.ShouldContain("Authentication:EntraId:ClientSecret is required");
        error.Message.ShouldNotContain("Authentication:EntraId:TenantId is required");
    }
}
