using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.Extensions.Localization;

namespace Jooxter.Admin.Features.Privacy.Subjects;

/// <summary>
/// Writes a subject's data as one zip: <c>data.json</c> (structured, for portability), <c>data.xlsx</c> (one sheet per
/// category, headers in the reader's language), <c>information.txt</c> (the Article 15 information) and the photo.
/// Pure: the data set and the information in, bytes out.
/// </summary>
public static partial class SubjectExport
{
    public const string JsonName = "data.json";
    public const string WorkbookName = "data.xlsx";
    public const string InformationName = "information.txt";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Write(SubjectDataSet data, Article15Information information, DateTime generatedAtUtc, IStringLocalizer text)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, JsonName, JsonSerializer.SerializeToUtf8Bytes(ToJson(data, information, generatedAtUtc), Json));
            Add(zip, WorkbookName, Workbook(data, text));
            Add(zip, InformationName, Encoding.UTF8.GetBytes(information.ToText(text)));
            if (data.Photo is { } photo)
            {
                Add(zip, "photo.jpg", photo);
            }
        }

        return output.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(content);
    }

    /// <summary>The JSON document: tables by entity, rows as objects; binary values (the photo) as base64.</summary>
    public static Dictionary<string, object?> ToJson(SubjectDataSet data, Article15Information information, DateTime generatedAtUtc) => new()
    {
        ["generatedAtUtc"] = generatedAtUtc,
        ["data"] = data.Tables.ToDictionary(t => t.Entity, t => t.Rows.Select(r => r.ToDictionary(c => c.Key, c => c.Value is byte[] b ? Convert.ToBase64String(b) : c.Value)).ToList()),
        ["auditTrail"] = data.Audit.Select(a => new { atUtc = a.AtUtc, action = a.Action, entity = a.Entity, fields = a.Fields, by = a.By }).ToList(),
        ["information"] = information,
    };

    private static byte[] Workbook(SubjectDataSet data, IStringLocalizer text)
    {
        using var workbook = new XLWorkbook();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in data.Tables)
        {
            var sheet = workbook.Worksheets.Add(SheetName(PrivacyText.Table(text, table.Entity), used));
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sheet.Cell(1, c + 1).SetValue(PrivacyText.Or(text, $"Privacy.Column.{table.Columns[c]}", Humanize(table.Columns[c])));
                sheet.Cell(1, c + 1).Style.Font.Bold = true;
            }

            for (var r = 0; r < table.Rows.Count; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    SetCell(sheet.Cell(r + 2, c + 1), table.Rows[r].GetValueOrDefault(table.Columns[c]));
                }
            }

            sheet.SheetView.FreezeRows(1);
        }

        var audit = workbook.Worksheets.Add(SheetName(text["Privacy.Table.Audit"], used));
        string[] headers = ["Privacy.Column.AtUtc", "Audit.Action", "Audit.Entity", "Audit.Changes", "Privacy.Column.By"];
        for (var c = 0; c < headers.Length; c++)
        {
            audit.Cell(1, c + 1).SetValue(text[headers[c]].Value);
            audit.Cell(1, c + 1).Style.Font.Bold = true;
        }

        for (var r = 0; r < data.Audit.Count; r++)
        {
            var line = data.Audit[r];
            audit.Cell(r + 2, 1).SetValue(line.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
            audit.Cell(r + 2, 2).SetValue(line.Action);
            audit.Cell(r + 2, 3).SetValue(line.Entity);
            audit.Cell(r + 2, 4).SetValue(string.Join(", ", line.Fields));
            audit.Cell(r + 2, 5).SetValue(line.By);
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>Numbers as numbers, everything else as text (a phone number stays text, a leading "=" is never a formula).</summary>
    private static void SetCell(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case int or long or double or decimal:
                cell.SetValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case bool flag:
                cell.SetValue(flag);
                break;
            default:
                cell.SetValue(value switch
                {
                    byte[] bytes => $"({bytes.Length} bytes)",
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                });
                break;
        }
    }

    private static string SheetName(string name, HashSet<string> used)
    {
        var clean = InvalidSheetCharacters().Replace(name, " ");
        clean = clean.Length > 28 ? clean[..28] : clean;
        var candidate = clean;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{clean} {i}";
        }

        return candidate;
    }

    private static string Humanize(string name) => CamelBoundary().Replace(name, " $1").Trim();

    [GeneratedRegex(@"[\[\]\*\?/\\:]")]
    private static partial Regex InvalidSheetCharacters();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex CamelBoundary();
}
