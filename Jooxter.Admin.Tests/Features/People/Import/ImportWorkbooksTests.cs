using ClosedXML.Excel;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.People.Import;

public sealed class ImportWorkbooksTests
{
    private static TemplateTexts FrenchTexts() => new(
        "Collaborateurs", "Aide", "Colonne", "Quoi saisir",
        new Dictionary<ImportColumn, (string, string)>
        {
            [ImportColumn.FirstName] = ("Prénom", "Obligatoire."),
            [ImportColumn.LastName] = ("Nom", "Obligatoire."),
            [ImportColumn.Email] = ("E-mail", "Obligatoire."),
            [ImportColumn.Language] = ("Langue", "fr ou en."),
            [ImportColumn.Phone] = ("Téléphone", "…"),
            [ImportColumn.Company] = ("Société", "…"),
            [ImportColumn.Building] = ("Bâtiment", "…"),
            [ImportColumn.Department] = ("Département", "…"),
            [ImportColumn.Groups] = ("Groupes", "…"),
            [ImportColumn.Profile] = ("Profil", "…"),
        });

    [Fact]
    public void The_template_has_localized_headers_that_the_import_recognises_lists_and_a_help_sheet()
    {
        var bytes = EmployeeImportTemplate.Create(FrenchTexts(), new TemplateLists(["Filiale"], ["Paris"], ["Finance", "RH"], ["Produit"], ["Nomade"]));

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Collaborateurs");
        var headers = Enumerable.Range(1, 10).Select(c => sheet.Cell(1, c).GetString()).ToList();
        headers.Select(HeaderMatcher.Match).ShouldBe(Enum.GetValues<ImportColumn>().Cast<ImportColumn?>());
        sheet.DataValidations.Count().ShouldBeGreaterThanOrEqualTo(5);
        workbook.Worksheet("Lists").Visibility.ShouldBe(XLWorksheetVisibility.Hidden);
        workbook.Worksheet("Aide").Cell(2, 1).GetString().ShouldBe("Prénom");

        // And the empty template itself reads as a valid file with a header and no rows.
        EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(bytes)).Rows.ShouldBeEmpty();
    }

    [Fact]
    public void The_uploaded_file_comes_back_with_an_errors_column_beside_the_data()
    {
        var original = Workbooks.Create(Workbooks.Header, ["Ada", "Lovelace", "ada@", "", "", "", ""], ["Alan", "Turing", "alan@x.test", "", "", "", ""]);

        var annotated = ImportErrorWorkbook.Annotate(original, new Dictionary<int, string> { [2] = "C: Adresse e-mail invalide. (ada@)" }, 1, "Erreurs");

        using var workbook = new XLWorkbook(new MemoryStream(annotated));
        var sheet = workbook.Worksheet(1);
        sheet.Cell(1, 8).GetString().ShouldBe("Erreurs");
        sheet.Cell(2, 8).GetString().ShouldBe("C: Adresse e-mail invalide. (ada@)");
        sheet.Cell(3, 8).GetString().ShouldBeEmpty();
        sheet.Cell(2, 3).GetString().ShouldBe("ada@");
    }
}
