using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Infrastructure.Security;

public enum SignInMode
{
    /// <summary>Seeded personas, one per role. Development only, unless allowed explicitly.</summary>
    Demo,
    /// <summary>Microsoft Entra ID through Microsoft.Identity.Web.</summary>
    EntraId,
    /// <summary>Any other OpenID Connect identity provider.</summary>
    Oidc,
}

/// <summary>Maps a claim from the identity provider (an app role, a group id) to a console role.</summary>
public sealed class RoleMapping
{
    public string ClaimType { get; set; } = "roles";

    public string Value { get; set; } = "";

    public Role Role { get; set; }
}

public sealed class GenericOidcSettings
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string CallbackPath { get; set; } = "/signin-oidc";

    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>Plain http to the provider is allowed only where this is false (a provider on loopback in tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Reads the provider's userinfo endpoint after the ID token (conformant providers put profile and group claims there).</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; } = true;

    /// <summary>The claim that carries the directory object id, when the provider has one.</summary>
    public string ObjectIdClaim { get; set; } = "sub";
}

public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    public SignInMode Mode { get; set; } = SignInMode.Demo;

    /// <summary>Demo sign-in lets anyone pick a persona: refused outside Development unless this is set.</summary>
    public bool AllowDemoOutsideDevelopment { get; set; }

    public List<RoleMapping> RoleMappings { get; set; } = [];

    public GenericOidcSettings Oidc { get; set; } = new();

    /// <summary>How often a signed-in session (cookie and open console tab) reads its roles, scopes and employee record again.</summary>
    public TimeSpan RevalidateAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A session ends this long after sign-in, however active it is (the cookie's sliding lifetime is 8 hours).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>Refuses to start with a sign-in configuration that would not work or would not be safe.</summary>
public sealed class AuthenticationSettingsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<AuthenticationSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthenticationSettings options)
    {
        var failures = new List<string>();
        switch (options.Mode)
        {
            case SignInMode.Demo when !environment.IsDevelopment() && !options.AllowDemoOutsideDevelopment:
                failures.Add($"Authentication:Mode is Demo, which lets anyone sign in as a seeded persona; it is refused in the '{environment.EnvironmentName}' environment. Use EntraId or Oidc, or set Authentication:AllowDemoOutsideDevelopment=true for a demonstration server.");
                break;
            case SignInMode.EntraId:
                var entra = configuration.GetSection("Authentication:EntraId");
                foreach (var key in new[] { "Instance", "TenantId", "ClientId", "ClientSecret" })
                {
                    if (string.IsNullOrWhiteSpace(entra[key]))
                    {
                        failures.Add($"Authentication:EntraId:{key} is required when Authentication:Mode is EntraId.");
                    }
                }

                // A multi-tenant registration would let any directory's user claim any e-mail: one directory per deployment.
                if (entra["TenantId"] is "common" or "organizations" or "consumers")
                {
                    failures.Add("Authentication:EntraId:TenantId must be one directory's id, not 'common', 'organizations' or 'consumers'.");
                }

                break;
            case SignInMode.Oidc:
                if (string.IsNullOrWhiteSpace(options.Oidc.Authority))
                {
                    failures.Add("Authentication:Oidc:Authority is required when Authentication:Mode is Oidc.");
                }

                if (string.IsNullOrWhiteSpace(options.Oidc.ClientId))
                {
                    failures.Add("Authentication:Oidc:ClientId is required when Authentication:Mode is Oidc.");
                }

                break;
        }

        foreach (var mapping in options.RoleMappings.Where(m => string.IsNullOrWhiteSpace(m.Value)))
        {
            failures.Add($"Authentication:RoleMappings has an entry for {mapping.Role} without a Value.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
