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

        // A POST with antiforgery (bound from the form): a link on another site cannot change a signed-in employee's record.
        app.MapPost("/culture/set", SetCultureAsync).AllowAnonymous();
    }

    /// <summary>
    /// Demo sign-in: a persona button posts "customer slug:e-mail"; the other form posts an e-mail and the customer
    /// picked beside it. The identity is matched within that customer only, as a provider's sign-in is.
    /// </summary>
    private static async Task<IResult> DemoSignInAsync(
        [FromForm] string? persona,
        [FromForm] string? email,
        [FromForm] string? tenant,
        [FromForm] string? returnUrl,
        HttpContext context,
        SignInResolver resolver,
        AdminDatabase database,
        IOptions<AuthenticationSettings> settings)
    {
        if (settings.Value.Mode != SignInMode.Demo)
        {
            return Results.NotFound();
        }

        if (persona?.Split(':', 2) is [var personaTenant, var personaEmail])
        {
            (tenant, email) = (personaTenant, personaEmail);
        }

        if (string.IsNullOrWhiteSpace(email))
        {
            return Results.Redirect($"{AuthenticationSetup.SignInPath}?error=email");
        }

        var slug = Features.Tenants.Tenant.NormalizeSlug(tenant ?? "");
        Guid? tenantId;
        await using (var db = database.OpenSystem("signin"))
        {
            tenantId = await db.Tenants.Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(context.RequestAborted);
        }

        if (tenantId is null)
        {
            return Results.Redirect($"{AuthenticationSetup.SignInPath}?error=tenant");
        }

        var outcome = await resolver.ResolveAsync(new SignInIdentity("demo", TenantId: tenantId, Email: email, EmailVerified: true), context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Results.Redirect($"{AuthenticationSetup.NotAuthorizedPath}?reason={outcome.Refusal}");
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, outcome.Principal!);
        CultureSetup.WriteCultureCookie(context, outcome.Language);
        return Results.LocalRedirect(LocalOrRoot(returnUrl));
    }

    /// <summary>Switches the console's language and remembers it on the employee record.</summary>
    private static async Task<IResult> SetCultureAsync([FromForm] string? culture, [FromForm] string? redirectUri, HttpContext context, AdminDatabase database, CurrentUser currentUser)
    {
        var language = CultureSetup.Normalize(culture);
        CultureSetup.WriteCultureCookie(context, language);
        var user = await currentUser.GetAsync();
        if (user.IsAuthenticated)
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
