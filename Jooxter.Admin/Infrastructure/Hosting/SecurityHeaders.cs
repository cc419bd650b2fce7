namespace Jooxter.Admin.Infrastructure.Hosting;

/// <summary>
/// Security headers on every response. The content policy fits Blazor Server and MudBlazor: scripts only from the
/// console itself (no inline script, no eval; the circuit's WebSocket is same-origin), styles from the console plus
/// inline styles (MudBlazor's theme writes a style element and style attributes), pictures from the console and data
/// URIs (plans and photos are served by the console), and no framing by anyone.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            // An endpoint may set a stricter policy of its own (a plan served as a file: default-src 'none'); Blazor's own
            // frame-ancestors 'self' is replaced by the whole policy, which is stricter ('none').
            var headers = context.Response.Headers;
            if (!headers.ContentSecurityPolicy.ToString().StartsWith("default-src 'none'", StringComparison.Ordinal))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next();
    });
}
