namespace Jooxter.Admin.Features.Shared;

/// <summary>
/// The one way names are compared, in forms, imports and search alike: trimmed, lower case, without diacritics.
/// "Desk 1", "desk 1" and "Désk 1" are one name: a form refuses the second, an import matches it to the first.
/// </summary>
public static class Names
{
    public static string Fold(string value)
    {
        var decomposed = value.Trim().Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(System.Text.NormalizationForm.FormC);
    }

    /// <summary>Whether <paramref name="candidate"/> is, once folded, one of <paramref name="existing"/>.</summary>
    public static bool Collides(IEnumerable<string> existing, string candidate)
    {
        var folded = Fold(candidate);
        return existing.Any(name => Fold(name) == folded);
    }
}
