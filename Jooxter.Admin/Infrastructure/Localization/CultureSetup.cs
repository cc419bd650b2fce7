using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Jooxter.Admin.Infrastructure.Localization;

/// <summary>The console speaks English and French; the choice lives in a cookie and in the employee record.</summary>
public static class CultureSetup
{
    public static readonly string[] SupportedLanguages = ["en", "fr"];

    public const string DefaultLanguage = "en";

    public static void AddJooxterLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedLanguages.Select(l => new CultureInfo(l)).ToList();
            options.DefaultRequestCulture = new RequestCulture(DefaultLanguage);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }

    public static string Normalize(string? language) =>
        SupportedLanguages.FirstOrDefault(l => string.Equals(l, language?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? DefaultLanguage;

    public static void WriteCultureCookie(HttpContext context, string? language)
    {
        if (language is null)
        {
            return;
        }

        var culture = Normalize(language);
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, HttpOnly = false, SameSite = SameSiteMode.Lax });
    }
}
