using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>The columns an employee workbook may have. Only the first three are required.</summary>
public enum ImportColumn
{
    FirstName,
    LastName,
    Email,
    Language,
    Phone,
    Company,
    Building,
    Department,
    Groups,
    Profile,
}

/// <summary>
/// Recognises header cells the way people write them: any case, with or without accents, spaces, dashes or
/// underscores, in English or French ("Nom", "Prénom", "E-mail", "Téléphone"...).
/// </summary>
public static class HeaderMatcher
{
    public static readonly ImportColumn[] Required = [ImportColumn.FirstName, ImportColumn.LastName, ImportColumn.Email];

    private static readonly Dictionary<string, ImportColumn> Synonyms = Build(new()
    {
        [ImportColumn.FirstName] = ["first name", "firstname", "given name", "forename", "prénom", "prenom"],
        [ImportColumn.LastName] = ["last name", "lastname", "surname", "family name", "nom", "nom de famille"],
        [ImportColumn.Email] = ["e-mail", "email", "mail", "email address", "professional email", "work email", "courriel", "adresse e-mail", "adresse mail", "e-mail professionnel", "email professionnel"],
        [ImportColumn.Language] = ["language", "lang", "langue"],
        [ImportColumn.Phone] = ["phone", "phone number", "telephone", "téléphone", "tel", "tél", "mobile", "portable", "numéro de téléphone"],
        [ImportColumn.Company] = ["company", "société", "societe", "entreprise"],
        [ImportColumn.Building] = ["building", "bâtiment", "batiment", "site"],
        [ImportColumn.Department] = ["department", "département", "departement", "service"],
        [ImportColumn.Groups] = ["group", "groups", "user group", "user groups", "groupe", "groupes", "groupe d'utilisateurs", "groupes d'utilisateurs"],
        [ImportColumn.Profile] = ["profile", "profil"],
    });

    private static Dictionary<string, ImportColumn> Build(Dictionary<ImportColumn, string[]> synonyms)
    {
        var map = new Dictionary<string, ImportColumn>(StringComparer.Ordinal);
        foreach (var (column, names) in synonyms)
        {
            foreach (var name in names)
            {
                map[Normalize(name)] = column;
            }
        }

        return map;
    }

    /// <summary>Lower case, no accents, letters and digits only: "Prénom " and "prenom" are the same header.</summary>
    public static string Normalize(string header) =>
        new(Shared.Names.Fold(header).Where(char.IsLetterOrDigit).ToArray());

    public static ImportColumn? Match(string header) =>
        Synonyms.TryGetValue(Normalize(header), out var column) ? column : null;

    /// <summary>Maps a header row: each recognised column to its sheet column index; unknown headers are reported back.</summary>
    public static (Dictionary<ImportColumn, int> Columns, List<string> Unknown, List<ImportColumn> Repeated) MapHeader(SheetRow row)
    {
        var columns = new Dictionary<ImportColumn, int>();
        var unknown = new List<string>();
        var repeated = new List<ImportColumn>();
        foreach (var (index, text) in row.Cells.OrderBy(c => c.Key))
        {
            if (Match(text) is not { } column)
            {
                unknown.Add(text);
            }
            else if (!columns.TryAdd(column, index))
            {
                repeated.Add(column);
            }
        }

        return (columns, unknown, repeated);
    }

    /// <summary>A row is taken for the header when it names at least two of the required columns.</summary>
    public static bool LooksLikeHeader(SheetRow row) =>
        row.Cells.Values.Select(Match).Count(c => c is { } column && Required.Contains(column)) >= 2;
}
