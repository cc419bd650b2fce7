using ClosedXML.Excel;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>Gives the uploaded workbook back with one more column explaining each row's problems, so HR fixes it in place.</summary>
public static class ImportErrorWorkbook
{
    public static byte[] Annotate(byte[] original, IReadOnlyDictionary<int, string> messagesByRow, int headerRow, string columnTitle)
    {
        using var input = new MemoryStream(original, writable: false);
        using var workbook = new XLWorkbook(input);
        var sheet = workbook.Worksheets.First();
        var column = (sheet.LastColumnUsed()?.ColumnNumber() ?? 0) + 1;
        var header = sheet.Cell(headerRow, column);
        header.Value = columnTitle;
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#F4CCCC");
        foreach (var (row, message) in messagesByRow)
        {
            var cell = sheet.Cell(row, column);
            cell.Value = message;
            cell.Style.Font.FontColor = XLColor.FromHtml("#990000");
        }

        sheet.Column(column).Width = 60;
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
