using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Localization;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous();

        account.MapPost("/demo-signin", DemoSignInAsync);
        account.MapGet("/signin", (string? returnUrl, IOptions<AuthenticationSettings> settings) =>
            settings.Value.Mode == SignInMode.Demo
                ? Results.Redirect($"{AuthenticationSetup.SignInPath}?returnUrl={Uri.EscapeDataString(LocalOrRoot(returnUrl))}")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrRoot(returnUrl) }));
        account.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signed-out");
        });

        app.MapGet("/culture/set", SetCultureAsync).AllowAnonymous();
    }

    private static async Task<IResult> DemoSignInAsync(
        [FromForm] string? email,
        [FromForm] string? returnUrl,
        HttpContext context,
        SignInResolver resolver,
        IOptions<AuthenticationSettings> settings)
    {
        if (settings.Value.Mode != SignInMode.Demo)
        {
            return Results.NotFound();
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return Results.Redirect($"{AuthenticationSetup.SignInPath}?error=email");
        }

        var outcome = await resolver.ResolveAsync("demo", null, email, [], context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Results.Redirect($"{AuthenticationSetup.NotAuthorizedPath}?reason={outcome.Refusal}");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, outcome.Principal!);
        CultureSetup.WriteCultureCookie(context, outcome.Language);
        return Results.LocalRedirect(LocalOrRoot(returnUrl));
    }

    /// <summary>Switches the console's language and remembers it on the employee record.</summary>
    private static async Task<IResult> SetCultureAsync(string? culture, string? redirectUri, HttpContext context, AdminDatabase database, CurrentUser currentUser)
    {
        var language = CultureSetup.Normalize(culture);
        CultureSetup.WriteCultureCookie(context, language);
        var user = await currentUser.GetAsync();
        // A cross-site link may switch this browser's language, but only the console itself may change the employee record.
        var sameSite = !string.Equals(context.Request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase);
        if (user.IsAuthenticated && sameSite)
        {
            await using var db = await database.OpenAsync();
            var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == user.EmployeeId, context.RequestAborted);
            if (employee is not null && employee.Language != language)
            {
                employee.Language = language;
                await db.SaveChangesAsync(context.RequestAborted);
            }
        }

        return Results.LocalRedirect(LocalOrRoot(redirectUri));
    }

    internal static string LocalOrRoot(string? url) =>
        !string.IsNullOrEmpty(url) && RedirectHttpResult.IsLocalUrl(url) && !url.Any(char.IsControl) ? url : "/";
}
