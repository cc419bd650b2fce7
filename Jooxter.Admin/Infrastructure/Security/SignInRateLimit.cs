using System.Threading.RateLimiting;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// Sign-in endpoints (the demo form, the challenge, the provider's callback) answer a limited number of attempts per
/// client address and minute, so that guessing identities or flooding the access-denial register is slow.
/// </summary>
public static class SignInRateLimit
{
    public const string AttemptsSetting = "Authentication:SignInAttemptsPerMinute";

    private static readonly string[] SignInPaths = ["/account/demo-signin", "/account/signin", "/signin-oidc"];

    public static void AddSignInRateLimit(this WebApplicationBuilder builder)
    {
        var permits = builder.Configuration.GetValue(AttemptsSetting, 30);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                SignInPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("other"));
        });
    }
}
