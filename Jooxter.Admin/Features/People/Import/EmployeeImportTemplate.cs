using ClosedXML.Excel;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>Localized texts of the template: sheet names, one header and one explanation per column.</summary>
public sealed record TemplateTexts(string EmployeesSheet, string HelpSheet, string ColumnTitle, string ExplanationTitle, IReadOnlyDictionary<ImportColumn, (string Header, string Help)> Columns);

public sealed record TemplateLists(IReadOnlyList<string> Companies, IReadOnlyList<string> Buildings, IReadOnlyList<string> Departments, IReadOnlyList<string> Groups, IReadOnlyList<string> Profiles);

/// <summary>Builds the employee template with ClosedXML: headers, drop-down lists on a hidden sheet, and a help sheet.</summary>
public static class EmployeeImportTemplate
{
    private const int ValidatedRows = 5000;

    public static byte[] Create(TemplateTexts texts, TemplateLists lists)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(texts.EmployeesSheet);
        var columns = Enum.GetValues<ImportColumn>();
        for (var i = 0; i < columns.Length; i++)
        {
            var cell = sheet.Cell(1, i + 1);
            cell.Value = texts.Columns[columns[i]].Header;
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = HeaderMatcher.Required.Contains(columns[i]) ? XLColor.FromHtml("#CFE2F3") : XLColor.FromHtml("#EEEEEE");
            // Explicit widths: ClosedXML's AdjustToContents needs GDI+, which Linux servers lack.
            sheet.Column(i + 1).Width = columns[i] == ImportColumn.Email ? 34 : 20;
        }

        sheet.SheetView.FreezeRows(1);

        var listSheet = workbook.Worksheets.Add("Lists");
        var listColumn = 1;
        void AddList(ImportColumn column, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
            {
                listColumn++;
                return;
            }

            listSheet.Cell(1, listColumn).Value = column.ToString();
            for (var r = 0; r < values.Count; r++)
            {
                listSheet.Cell(r + 2, listColumn).Value = values[r];
            }

            var source = listSheet.Range(2, listColumn, values.Count + 1, listColumn);
            var target = sheet.Range(2, Array.IndexOf(columns, column) + 1, ValidatedRows, Array.IndexOf(columns, column) + 1);
            var validation = target.SetDataValidation();
            validation.List(source, true);
            // Groups may hold several values separated by ';': warn, do not block.
            validation.ErrorStyle = column == ImportColumn.Groups ? XLErrorStyle.Information : XLErrorStyle.Stop;
            validation.ShowErrorMessage = column != ImportColumn.Groups;
            listColumn++;
        }

        AddList(ImportColumn.Language, ["fr", "en"]);
        AddList(ImportColumn.Company, lists.Companies);
        AddList(ImportColumn.Building, lists.Buildings);
        AddList(ImportColumn.Department, lists.Departments);
        AddList(ImportColumn.Groups, lists.Groups);
        AddList(ImportColumn.Profile, lists.Profiles);
        listSheet.Visibility = XLWorksheetVisibility.Hidden;

        var help = workbook.Worksheets.Add(texts.HelpSheet);
        help.Cell(1, 1).Value = texts.ColumnTitle;
        help.Cell(1, 2).Value = texts.ExplanationTitle;
        help.Row(1).Style.Font.Bold = true;
        for (var i = 0; i < columns.Length; i++)
        {
            help.Cell(i + 2, 1).Value = texts.Columns[columns[i]].Header;
            help.Cell(i + 2, 2).Value = texts.Columns[columns[i]].Help;
        }

        help.Column(1).Width = 22;
        help.Column(2).Width = 100;
        help.Column(2).Style.Alignment.WrapText = true;

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
