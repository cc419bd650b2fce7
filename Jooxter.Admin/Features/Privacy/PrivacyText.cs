using Microsoft.Extensions.Localization;

namespace Jooxter.Admin.Features.Privacy;

/// <summary>How the privacy pages and the export name a table or a column: its translation, else the model's own name.</summary>
public static class PrivacyText
{
    public static string Table(IStringLocalizer text, string entity) => Or(text, $"Privacy.Table.{entity}", entity);

    public static string Or(IStringLocalizer text, string key, string fallback)
    {
        var value = text[key];
        return value.ResourceNotFound ? fallback : value.Value;
    }
}
