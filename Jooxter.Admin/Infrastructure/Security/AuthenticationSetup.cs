using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace Jooxter.Admin.Infrastructure.Security;

public static class AuthenticationSetup
{
    public const string SignInPath = "/signin";
    public const string NotAuthorizedPath = "/not-authorized";
    public const string AccessDeniedPath = "/access-denied";

    public static void AddJooxterAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthenticationSettings>()
            .BindConfiguration(AuthenticationSettings.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthenticationSettings>, AuthenticationSettingsValidator>();
        builder.Services.AddScoped<SignInResolver>();

        var mode = builder.Configuration.GetValue(AuthenticationSettings.Section + ":Mode", SignInMode.Demo);
        AuthenticationBuilder authentication;
        switch (mode)
        {
            case SignInMode.EntraId:
                authentication = builder.Services.AddAuthentication(options =>
                {
                    options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                });
                authentication.AddMicrosoftIdentityWebApp(builder.Configuration.GetSection("Authentication:EntraId"));
                builder.Services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => ResolveOnTicketReceived(o, "entra", "http://schemas.microsoft.com/identity/claims/objectidentifier", EntraDirectoryClaims));
                break;
            case SignInMode.Oidc:
                var oidc = builder.Configuration.GetSection("Authentication:Oidc").Get<GenericOidcSettings>() ?? new GenericOidcSettings();
                authentication = builder.Services.AddAuthentication(options =>
                {
                    options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                    options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                });
                authentication.AddCookie().AddOpenIdConnect(o =>
                {
                    o.Authority = oidc.Authority;
                    o.ClientId = oidc.ClientId;
                    o.ClientSecret = oidc.ClientSecret;
                    o.CallbackPath = oidc.CallbackPath;
                    o.ResponseType = "code";
                    o.UsePkce = true;
                    o.SaveTokens = false;
                    o.MapInboundClaims = false;
                    o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                    if (!oidc.RequireHttpsMetadata)
                    {
                        // A provider on plain-http loopback (tests): the sign-in's own cookies cannot be Secure there.
                        o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
                    }

                    // Conformant providers release profile, e-mail and group claims from userinfo, not in the ID token.
                    o.GetClaimsFromUserInfoEndpoint = oidc.GetClaimsFromUserInfoEndpoint;
                    o.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
                    o.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
                    o.ClaimActions.MapJsonKey("groups", "groups");
                    o.ClaimActions.MapJsonKey("roles", "roles");
                    o.Scope.Clear();
                    foreach (var scope in oidc.Scopes.Distinct(StringComparer.Ordinal))
                    {
                        o.Scope.Add(scope);
                    }

                    ResolveOnTicketReceived(o, "oidc", oidc.ObjectIdClaim, []);
                });
                break;
            default:
                authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme);
                authentication.AddCookie();
                break;
        }

        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = AccessDeniedPath;
            cookie.Cookie.Name = "jooxter.admin";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The absolute lifetime is checked in RevalidateAsync, from the sign-in time the principal carries.
            cookie.Events.OnValidatePrincipal = RevalidateAsync;
        });

        builder.Services.AddAuthorization(options =>
        {
            foreach (var capability in Enum.GetValues<Capability>())
            {
                options.AddPolicy(Capabilities.Policy(capability), policy => policy
                    .RequireAuthenticatedUser()
                    .RequireClaim(JooxterClaims.TenantId)
                    .RequireRole(Capabilities.RolesFor(capability).Select(r => r.ToString())));
            }

            // A page or endpoint that forgets its policy still requires a signed-in employee.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(JooxterClaims.TenantId).Build();
        });
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
    }

    /// <summary>The issuer of the validated ID token, kept in the sign-in's properties until the ticket is resolved.</summary>
    private const string IssuerClaim = "jx:token_issuer";

    /// <summary>
    /// Entra names the directory (the customer) in <c>tid</c>; inbound claim mapping renames it. The registration is
    /// single-directory (validated at start), so the token's issuer, and with it <c>tid</c>, is that directory's.
    /// </summary>
    private static readonly string[] EntraDirectoryClaims = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];

    /// <summary>
    /// Resolves the identity once the provider's claims are complete: after the ID token is validated and, where the
    /// provider has one, its userinfo endpoint has been read. The customer is the one whose provider issued the token.
    /// </summary>
    private static void ResolveOnTicketReceived(OpenIdConnectOptions options, string provider, string objectIdClaim, string[] issuerClaims)
    {
        var previousValidated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            if (previousValidated is not null)
            {
                await previousValidated(context);
            }

            // Kept in the sign-in's own properties: a claim of that name in the token could otherwise choose the customer.
            if (context.SecurityToken is { Issuer: { } issuer })
            {
                context.Properties!.Items[IssuerClaim] = issuer;
            }
        };

        var previousTicket = options.Events.OnTicketReceived;
        options.Events.OnTicketReceived = async context =>
        {
            if (previousTicket is not null)
            {
                await previousTicket(context);
            }

            var identity = context.Principal!;
            string? First(params string[] types) => types.Select(identity.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            var verified = First("email_verified");
            var claims = new SignInIdentity(
                provider,
                Issuer: issuerClaims.Length == 0 ? (context.Properties?.Items.TryGetValue(IssuerClaim, out var issued) == true ? issued : null) : First(issuerClaims),
                ObjectId: First(objectIdClaim, "oid"),
                Email: First("email", ClaimTypes.Email),
                EmailVerified: verified is null ? null : string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase),
                PreferredUsername: First("preferred_username", ClaimTypes.Upn),
                Claims: [.. identity.Claims]);
            var resolver = context.HttpContext.RequestServices.GetRequiredService<SignInResolver>();
            var outcome = await resolver.ResolveAsync(claims, context.HttpContext.RequestAborted);
            if (!outcome.Succeeded)
            {
                context.Response.Redirect($"{NotAuthorizedPath}?reason={outcome.Refusal}");
                context.HandleResponse();
                return;
            }

            context.Principal = outcome.Principal;
            Localization.CultureSetup.WriteCultureCookie(context.HttpContext, outcome.Language);
        };
    }

    private static async Task RevalidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var settings = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (principal is null || !long.TryParse(principal.FindFirstValue(JooxterClaims.ValidatedAt), out var validatedAt))
        {
            return;
        }

        // The absolute lifetime is checked on every request; the employee record only every RevalidateAfter.
        var resolver = context.HttpContext.RequestServices.GetRequiredService<SignInResolver>();
        var expired = resolver.HasExpired(principal);
        if (!expired && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(validatedAt) < settings.RevalidateAfter)
        {
            return;
        }

        var refreshed = expired ? null : await resolver.RevalidateAsync(principal, context.HttpContext.RequestAborted);
        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(refreshed);
        context.ShouldRenew = true;
    }
}
