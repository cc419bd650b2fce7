using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>
/// Gives the uploaded sheet back with one more column explaining each row's problems, so HR fixes it in place. The
/// upload is read again by the guarded reader (first sheet only, same limits as the preview) and written anew: no
/// other sheet, formula or object of the upload is carried over.
/// </summary>
public static class ImportErrorWorkbook
{
    public static byte[] Annotate(byte[] original, IReadOnlyDictionary<int, string> messagesByRow, int headerRow, string columnTitle)
    {
        var lastColumn = -1;
        foreach (var row in WorkbookReader.ReadFirstSheet(original))
        {
            lastColumn = Math.Max(lastColumn, row.Cells.Keys.Max());
        }

        var column = Math.Min(lastColumn + 1, WorkbookReader.MaxColumns - 1);
        return SheetWriter.Write(columnTitle, Rows(original, messagesByRow, headerRow, columnTitle, column), new Dictionary<int, double> { [column] = 60 });
    }

    private static IEnumerable<(int, IEnumerable<WrittenCell>)> Rows(byte[] original, IReadOnlyDictionary<int, string> messagesByRow, int headerRow, string columnTitle, int column)
    {
        foreach (var row in WorkbookReader.ReadFirstSheet(original))
        {
            // The errors column is the one after the last used; a sheet that already uses Excel's last column loses that one.
            var cells = row.Cells.Where(c => c.Key != column).Select(c => new WrittenCell(c.Key, c.Value, row.Number == headerRow ? CellLook.Header : CellLook.Plain)).ToList();
            if (row.Number == headerRow)
            {
                cells.Add(new WrittenCell(column, columnTitle, CellLook.Header));
            }
            else if (messagesByRow.TryGetValue(row.Number, out var message))
            {
                cells.Add(new WrittenCell(column, message, CellLook.Problem));
            }

            yield return (row.Number, cells);
        }
    }
}
