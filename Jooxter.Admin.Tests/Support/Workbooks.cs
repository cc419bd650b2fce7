using ClosedXML.Excel;

namespace Jooxter.Admin.Tests.Support;

/// <summary>Builds real .xlsx files for tests, the way Excel writes them (shared strings, numbers, dates).</summary>
public static class Workbooks
{
    public static byte[] Create(params object?[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Sheet1");
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 1, c + 1);
                switch (rows[r][c])
                {
                    case null: break;
                    case string s: cell.Value = s; break;
                    case DateTime d: cell.Value = d; break;
                    case int i: cell.Value = i; break;
                    case long l: cell.Value = l; break;
                    case double n: cell.Value = n; break;
                }
            }
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    public static readonly object?[] Header = ["Prénom", "Nom", "E-mail", "Langue", "Téléphone", "Département", "Groupes"];

    /// <summary>A workbook of <paramref name="count"/> valid employees with the standard French header.</summary>
    public static byte[] Employees(int count, string domain = "import.test", Func<int, object?[]>? row = null)
    {
        var rows = new List<object?[]> { Header };
        for (var i = 1; i <= count; i++)
        {
            rows.Add(row?.Invoke(i) ?? [$"Prénom{i}", $"Nom{i}", $"person{i}@{domain}", i % 3 == 0 ? "en" : "fr", $"06{i % 100_000_000:00000000}", "", ""]);
        }

        return Create([.. rows]);
    }
}
