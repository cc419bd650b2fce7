using Jooxter.Admin.Infrastructure.Localization;
using PhoneNumbers;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>Cell normalisation rules, pure and separately tested.</summary>
public static class ImportValues
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly Dictionary<string, string> Languages = new(StringComparer.Ordinal)
    {
        ["en"] = "en", ["eng"] = "en", ["english"] = "en", ["anglais"] = "en", ["engb"] = "en", ["enus"] = "en",
        ["fr"] = "fr", ["fra"] = "fr", ["fre"] = "fr", ["french"] = "fr", ["francais"] = "fr", ["frfr"] = "fr",
    };

    /// <summary>"Français", "FR", "french" → fr; blank → null (keep or default); anything else is not a supported language.</summary>
    public static (string? Language, bool Valid) ParseLanguage(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, true);
        }

        var key = HeaderMatcher.Normalize(value);
        return Languages.TryGetValue(key, out var language) && CultureSetup.SupportedLanguages.Contains(language) ? (language, true) : (null, false);
    }

    /// <summary>
    /// A phone number in international E.164 form. National numbers are read for the customer's country; a number
    /// typed into a numeric cell that lost its leading zero (612345678) is read the same way.
    /// </summary>
    public static (string? Phone, bool Valid) NormalizePhone(string value, string countryCode)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, true);
        }

        var text = value.Trim();
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            text = "+" + text[2..];
        }

        try
        {
            var number = Phones.Parse(text, countryCode);
            if (!Phones.IsValidNumber(number) && !text.StartsWith('+') && !text.StartsWith('0'))
            {
                number = Phones.Parse("0" + text, countryCode);
            }

            return Phones.IsValidNumber(number) ? (Phones.Format(number, PhoneNumberFormat.E164), true) : (null, false);
        }
        catch (NumberParseException)
        {
            return (null, false);
        }
    }

    /// <summary>Group cells list several groups separated by ; or , or line breaks.</summary>
    public static IReadOnlyList<string> SplitList(string value) =>
        value.Split([';', ',', '\n', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
