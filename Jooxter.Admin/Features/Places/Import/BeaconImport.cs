using System.Globalization;
using ClosedXML.Excel;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.Places.Import;

public enum BeaconColumn
{
    Uuid,
    Major,
    Minor,
    Name,
    TxPower,
    Battery,
}

public sealed record BeaconImportRow(int Row, Guid Uuid, int Major, int Minor, string Name, int TxPower, int? Battery);

/// <summary>Reads and checks a beacons workbook (same rules as the registry form), pure.</summary>
public static class BeaconImport
{
    private static readonly Dictionary<string, BeaconColumn> Headers = new(StringComparer.Ordinal)
    {
        ["uuid"] = BeaconColumn.Uuid, ["proximityuuid"] = BeaconColumn.Uuid,
        ["major"] = BeaconColumn.Major, ["minor"] = BeaconColumn.Minor,
        ["name"] = BeaconColumn.Name, ["nom"] = BeaconColumn.Name,
        ["txpower"] = BeaconColumn.TxPower, ["power"] = BeaconColumn.TxPower, ["puissance"] = BeaconColumn.TxPower, ["poweratonemetre"] = BeaconColumn.TxPower, ["measuredpower"] = BeaconColumn.TxPower,
        ["battery"] = BeaconColumn.Battery, ["batterie"] = BeaconColumn.Battery, ["batterylevel"] = BeaconColumn.Battery,
    };

    private static readonly BeaconColumn[] Required = [BeaconColumn.Uuid, BeaconColumn.Major, BeaconColumn.Minor, BeaconColumn.Name];

    public static (List<BeaconImportRow> Valid, List<ImportIssue> Issues, int DataRows) Parse(byte[] content)
    {
        var issues = new List<ImportIssue>();
        var valid = new List<BeaconImportRow>();
        var seen = new Dictionary<(Guid, int, int), int>();
        Dictionary<BeaconColumn, int>? columns = null;
        var dataRows = 0;
        var before = 0;
        foreach (var row in WorkbookReader.ReadFirstSheet(content))
        {
            if (columns is null)
            {
                var matched = row.Cells.Where(c => Headers.ContainsKey(HeaderMatcher.Normalize(c.Value))).GroupBy(c => Headers[HeaderMatcher.Normalize(c.Value)]).ToDictionary(g => g.Key, g => g.First().Key);
                if (matched.Keys.Count(Required.Contains) >= 3)
                {
                    columns = matched;
                    issues.AddRange(Required.Where(r => !matched.ContainsKey(r)).Select(r => new ImportIssue(row.Number, null, null, IssueSeverity.Error, "MissingColumn", r.ToString())));
                }
                else if (++before >= 20)
                {
                    break;
                }

                continue;
            }

            dataRows++;
            var problems = new List<ImportIssue>();
            string Get(BeaconColumn c) => columns.TryGetValue(c, out var i) ? row.Get(i) : "";
            void Fail(BeaconColumn c, string code, string? value = null) =>
                problems.Add(new ImportIssue(row.Number, columns.TryGetValue(c, out var i) ? WorkbookReader.ColumnName(i) : null, null, IssueSeverity.Error, code, value));
            int? Number(BeaconColumn c, int min, int max, bool required)
            {
                var text = Get(c);
                if (text.Length == 0)
                {
                    if (required) Fail(c, "Required");
                    return null;
                }

                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
                Fail(c, "OutOfRange", text);
                return null;
            }

            var uuidText = Get(BeaconColumn.Uuid);
            if (!Guid.TryParse(uuidText, out var uuid)) Fail(BeaconColumn.Uuid, uuidText.Length == 0 ? "Required" : "InvalidUuid", uuidText);
            var major = Number(BeaconColumn.Major, 0, 65535, true);
            var minor = Number(BeaconColumn.Minor, 0, 65535, true);
            var name = Get(BeaconColumn.Name);
            if (name.Length == 0) Fail(BeaconColumn.Name, "Required");
            else if (name.Length > 150) Fail(BeaconColumn.Name, "TooLong", name[..20]);
            var power = Number(BeaconColumn.TxPower, -120, 20, false) ?? -59;
            var battery = Number(BeaconColumn.Battery, 0, 100, false);
            if (problems.Count == 0 && !seen.TryAdd((uuid, major!.Value, minor!.Value), row.Number))
            {
                Fail(BeaconColumn.Minor, "DuplicateBeacon", $"{uuid}/{major}/{minor} ({seen[(uuid, major.Value, minor.Value)]})");
            }

            issues.AddRange(problems);
            if (problems.Count == 0)
            {
                valid.Add(new BeaconImportRow(row.Number, uuid, major!.Value, minor!.Value, name, power, battery));
            }
        }

        if (columns is null)
        {
            throw new WorkbookException(WorkbookProblem.NoHeaderRow, "No header row with UUID, major, minor and name.");
        }

        return (valid, issues, dataRows);
    }

    public static byte[] Export(IEnumerable<Beacon> beacons)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Beacons");
        var columns = Enum.GetValues<BeaconColumn>();
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = columns[c].ToString();
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
            sheet.Column(c + 1).Width = c == 0 ? 40 : 14;
        }

        var r = 2;
        foreach (var b in beacons)
        {
            sheet.Cell(r, 1).Value = b.Uuid.ToString();
            sheet.Cell(r, 2).Value = b.Major;
            sheet.Cell(r, 3).Value = b.Minor;
            sheet.Cell(r, 4).Value = b.Name;
            sheet.Cell(r, 5).Value = b.TxPower;
            if (b.BatteryPercent is { } battery)
            {
                sheet.Cell(r, 6).Value = battery;
            }

            r++;
        }

        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }
}
