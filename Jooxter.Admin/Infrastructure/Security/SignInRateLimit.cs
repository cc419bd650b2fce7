using System.Threading.RateLimiting;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// Sign-in endpoints (the demo form, the challenge, the provider's callback) answer a limited number of attempts per
/// client address and minute, so that guessing identities or flooding the access-denial register is slow.
/// </summary>
public static class SignInRateLimit
{
    public const string AttemptsSetting = "Authentication:SignInAttemptsPerMinute";

    public static void AddSignInRateLimit(this WebApplicationBuilder builder)
    {
        var permits = builder.Configuration.GetValue(AttemptsSetting, 30);
        // The providers' callbacks are wherever they are configured. Behind a reverse proxy, name it under
        // ForwardedHeaders: otherwise every client shares the proxy's address, and so its limit.
        string[] signInPaths =
        [
            "/account/demo-signin", "/account/signin", "/signin-oidc",
            builder.Configuration["Authentication:Oidc:CallbackPath"] ?? "/signin-oidc",
            builder.Configuration["Authentication:EntraId:CallbackPath"] ?? "/signin-oidc",
        ];
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                signInPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
    }
}
