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
                builder.Services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => ResolveOnTokenValidated(o, "entra", "http://schemas.microsoft.com/identity/claims/objectidentifier"));
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
                    o.SaveTokens = false;
                    o.MapInboundClaims = false;
                    o.Scope.Clear();
                    foreach (var scope in oidc.Scopes)
                    {
                        o.Scope.Add(scope);
                    }

                    ResolveOnTokenValidated(o, "oidc", oidc.ObjectIdClaim);
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

    private static void ResolveOnTokenValidated(OpenIdConnectOptions options, string provider, string objectIdClaim)
    {
        var previous = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            if (previous is not null)
            {
                await previous(context);
            }

            var identity = context.Principal!;
            var objectId = identity.FindFirstValue(objectIdClaim) ?? identity.FindFirstValue("oid");
            // An e-mail the provider says is unverified is not used to find the employee.
            var unverified = string.Equals(identity.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase);
            var email = unverified ? null : identity.FindFirstValue("preferred_username") ?? identity.FindFirstValue(ClaimTypes.Email) ?? identity.FindFirstValue("email") ?? identity.FindFirstValue(ClaimTypes.Upn);
            var resolver = context.HttpContext.RequestServices.GetRequiredService<SignInResolver>();
            var outcome = await resolver.ResolveAsync(provider, objectId, email, identity.Claims, context.HttpContext.RequestAborted);
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
        if (principal is null
            || !long.TryParse(principal.FindFirstValue(JooxterClaims.ValidatedAt), out var validatedAt)
            || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(validatedAt) < settings.RevalidateAfter)
        {
            return;
        }

        var resolver = context.HttpContext.RequestServices.GetRequiredService<SignInResolver>();
        var refreshed = await resolver.RevalidateAsync(principal, context.HttpContext.RequestAborted);
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
