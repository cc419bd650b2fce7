using Jooxter.Admin.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Jooxter.Admin.Tests.Infrastructure.Security;

public sealed class AuthenticationSettingsValidatorTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Demo_is_accepted_in_development() =>
        new AuthenticationSettingsValidator(new Env("Development"), Config()).Validate(null, new AuthenticationSettings()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Demo_is_refused_in_production_unless_allowed_explicitly()
    {
        var validator = new AuthenticationSettingsValidator(new Env("Production"), Config());

        var refused = validator.Validate(null, new AuthenticationSettings());
        refused.Failed.ShouldBeTrue();
        refused.FailureMessage!.ShouldContain("Authentication:AllowDemoOutsideDevelopment");

        validator.Validate(null, new AuthenticationSettings { AllowDemoOutsideDevelopment = true }).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Entra_id_names_each_missing_key()
    {
        var validator = new AuthenticationSettingsValidator(new Env("Production"), Config(("Authentication:EntraId:Instance", "https://login.microsoftonline.com/"), ("Authentication:EntraId:TenantId", "contoso")));

        var result = validator.Validate(null, new AuthenticationSettings { Mode = SignInMode.EntraId });

        result.Failures!.ShouldBe(
        [
            "Authentication:EntraId:ClientId is required when Authentication:Mode is EntraId.",
            "Authentication:EntraId:ClientSecret is required when Authentication:Mode is EntraId.",
        ]);
    }

    [Fact]
    public void Generic_oidc_needs_an_authority_and_a_client()
    {
        var result = new AuthenticationSettingsValidator(new Env("Production"), Config()).Validate(null, new AuthenticationSettings { Mode = SignInMode.Oidc });

        result.Failures!.Count().ShouldBe(2);
        result.FailureMessage!.ShouldContain("Authentication:Oidc:Authority");
    }
}
