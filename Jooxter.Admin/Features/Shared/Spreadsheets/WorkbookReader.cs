using System.Globalization;
using System.Text;

namespace Jooxter.Admin.Features.Shared.Spreadsheets;

/// <summary>
/// The one reader of uploaded workbooks (employees, spaces, beacons, and the error workbook given back to HR). It
/// reads the first worksheet of an .xlsx as a stream of rows, straight from the zip with a forward-only XML reader:
/// no part is ever loaded as a tree, so nesting costs no stack, and every part is found through the package's
/// relationships and read under the limits of <see cref="GuardedPackage"/>, whatever its name or declared type.
/// Cells come back as trimmed text: shared and inline strings as written, numbers in invariant form (integers without
/// decimals, so a phone number typed as a number keeps its digits), dates as ISO dates.
/// </summary>
public static class WorkbookReader
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    public const int MaxDataRows = 200_000;

    /// <summary>Excel's last column (XFD) and last row.</summary>
    public const int MaxColumns = 16_384;
    public const int MaxRowNumber = 1_048_576;

    /// <summary>Excel's limit for the text of one cell.</summary>
    public const int MaxCellChars = 32_767;

    // What no real workbook reaches for the parts read besides the sheet.
    internal const long MaxRelationshipBytes = 1024 * 1024;
    internal const long MaxWorkbookPartBytes = 4 * 1024 * 1024;
    internal const long MaxStylesBytes = 16 * 1024 * 1024;
    internal const long MaxSharedStringsBytes = 64 * 1024 * 1024;
    internal const int MaxCellFormats = 65_000;

    /// <summary>
    /// Characters all the cells of the sheet may hold together, shared strings counted at every reference: a small
    /// file can point a million cells at one long shared string.
    /// </summary>
    public const long MaxSheetChars = 50_000_000;

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Checks the file's size and signature before any parsing: .xls and encrypted workbooks are OLE files, not zips.</summary>
    public static void Inspect(byte[] content)
    {
        if (content.Length == 0)
        {
            throw new WorkbookException(WorkbookProblem.Empty, "The file is empty.");
        }

        if (content.Length > MaxFileBytes)
        {
            throw new WorkbookException(WorkbookProblem.TooLarge, $"The file is larger than {MaxFileBytes / 1024 / 1024} MB.");
        }

        if (content.AsSpan().StartsWith(CompoundFileSignature))
        {
            // Excel stores a password-protected .xlsx as an OLE container with an EncryptionInfo stream.
            var encrypted = content.AsSpan().IndexOf(Encoding.Unicode.GetBytes("EncryptionInfo")) >= 0;
            throw encrypted
                ? new WorkbookException(WorkbookProblem.PasswordProtected, "The workbook is protected by a password.")
                : new WorkbookException(WorkbookProblem.LegacyXls, "The file is an old Excel 97-2003 (.xls) workbook.");
        }

        if (!content.AsSpan().StartsWith(ZipSignature))
        {
            throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The file is not an Excel workbook.");
        }
    }

    /// <summary>
    /// The rows of the first worksheet. Nothing is read until the first row is asked for; then the package, its
    /// relationships, styles and shared strings are checked and read before the first row is returned.
    /// </summary>
    public static IEnumerable<SheetRow> ReadFirstSheet(byte[] content)
    {
        Inspect(content);
        using var package = GuardedPackage.Open(content);
        var layout = Locate(package);
        var sharedStrings = layout.SharedStrings is null ? [] : ReadSharedStrings(package, layout.SharedStrings);
        var dateStyles = layout.Styles is null ? [] : ReadDateStyles(package, layout.Styles);
        foreach (var row in ReadRows(package, layout.Sheet, sharedStrings, dateStyles))
        {
            yield return row;
        }
    }

    private sealed record Layout(string Sheet, string? SharedStrings, string? Styles);

    /// <summary>Follows the relationships: package → workbook → its first sheet, shared strings and styles.</summary>
    private static Layout Locate(GuardedPackage package)
    {
        var root = ReadRelationships(package, "_rels/.rels", "");
        var workbook = root.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target
            ?? throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The archive is not an Office document.");

        string? firstSheetId = null;
        using (var reader = package.OpenXml(workbook, MaxWorkbookPartBytes) ?? throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The workbook part is missing."))
        {
            var sawWorkbook = false;
            while (firstSheetId is null && reader.Read())
            {
                if (reader.Depth == 0 && reader.NodeType == System.Xml.XmlNodeType.Element)
                {
                    if (reader.LocalName != "workbook")
                    {
                        throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The document is not a workbook.");
                    }

                    sawWorkbook = true;
                }
                else if (sawWorkbook && reader.IsElement("sheet"))
                {
                    firstSheetId = reader.Attribute("id") ?? throw new WorkbookException(WorkbookProblem.Corrupt, "A sheet has no relationship.");
                }
            }
        }

        if (firstSheetId is null)
        {
            throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The workbook has no sheet.");
        }

        var folder = workbook.Contains('/') ? workbook[..(workbook.LastIndexOf('/') + 1)] : "";
        var relationships = ReadRelationships(package, $"{folder}_rels/{workbook[folder.Length..]}.rels", folder);
        var sheet = relationships.FirstOrDefault(r => r.Id == firstSheetId).Target
            ?? throw new WorkbookException(WorkbookProblem.Corrupt, "The first sheet's part is not named.");
        if (!package.Contains(sheet))
        {
            throw new WorkbookException(WorkbookProblem.Corrupt, "The first sheet's part is missing.");
        }

        return new Layout(
            sheet,
            relationships.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target,
            relationships.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Target);
    }

    private readonly record struct Relationship(string Id, string Type, string? Target);

    private static List<Relationship> ReadRelationships(GuardedPackage package, string part, string folder)
    {
        var list = new List<Relationship>();
        using var reader = package.OpenXml(part, MaxRelationshipBytes);
        if (reader is null)
        {
            return list;
        }

        while (reader.Read())
        {
            if (reader.IsElement("Relationship") && list.Count < 10_000)
            {
                var external = string.Equals(reader.Attribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase);
                var target = reader.Attribute("Target");
                list.Add(new Relationship(reader.Attribute("Id") ?? "", reader.Attribute("Type") ?? "", external || target is null ? null : Resolve(folder, target)));
            }
        }

        return list;
    }

    /// <summary>A relationship target as a part name: relative to the source's folder, or absolute from the package root.</summary>
    internal static string Resolve(string folder, string target)
    {
        var path = target.StartsWith('/') ? target[1..] : folder + target;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    private static IEnumerable<SheetRow> ReadRows(GuardedPackage package, string sheetPart, List<string> sharedStrings, bool[] dateStyles)
    {
        using (var reader = package.OpenXml(sheetPart, GuardedPackage.MaxPartBytes)!)
        {
            var rowNumber = 0;
            var nextColumn = 0;
            var dataRows = 0;
            long characters = 0;
            Dictionary<int, string>? cells = null;
            var text = new StringBuilder();
            while (reader.Read())
            {
                if (reader.IsElement("row"))
                {
                    if (cells is { Count: > 0 })
                    {
                        if (++dataRows > MaxDataRows)
                        {
                            throw new WorkbookException(WorkbookProblem.TooManyRows, $"The sheet has more than {MaxDataRows} rows with data.");
                        }

                        yield return new SheetRow(rowNumber, cells);
                    }

                    cells = null;
                    rowNumber = NextRowNumber(reader.Attribute("r"), rowNumber);
                    nextColumn = 0;
                }
                else if (reader.IsElement("c"))
                {
                    if (rowNumber == 0)
                    {
                        throw new WorkbookException(WorkbookProblem.Corrupt, "A cell lies outside any row.");
                    }

                    var reference = reader.Attribute("r");
                    var column = reference is null ? nextColumn : ColumnIndex(reference);
                    if (column is < 0 or >= MaxColumns)
                    {
                        column = nextColumn;
                    }

                    nextColumn = column + 1;
                    var type = reader.Attribute("t");
                    var style = reader.Attribute("s");
                    var (value, inline) = reader.IsEmptyElement ? (null, null) : ReadCellContent(reader, text);
                    var cellText = CellText(type, style, value, inline, sharedStrings, dateStyles);
                    if ((characters += cellText.Length) > MaxSheetChars)
                    {
                        throw new WorkbookException(WorkbookProblem.Oversized, "The sheet's cells hold more text than any workbook of this size.");
                    }

                    if (cellText.Length > 0 && column < MaxColumns)
                    {
                        (cells ??= [])[column] = cellText;
                    }
                }
            }

            if (cells is { Count: > 0 })
            {
                if (++dataRows > MaxDataRows)
                {
                    throw new WorkbookException(WorkbookProblem.TooManyRows, $"The sheet has more than {MaxDataRows} rows with data.");
                }

                yield return new SheetRow(rowNumber, cells);
            }
        }
    }

    /// <summary>Row numbers go up: a missing one follows the previous row; a negative, enormous, repeated or non-numeric one is refused.</summary>
    private static int NextRowNumber(string? r, int previous)
    {
        if (r is null)
        {
            return previous < MaxRowNumber ? previous + 1 : throw new WorkbookException(WorkbookProblem.BadRowNumber, "More rows than a sheet holds.");
        }

        if (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > MaxRowNumber || number <= previous)
        {
            throw new WorkbookException(WorkbookProblem.BadRowNumber, $"Invalid row number after sheet row {previous}.");
        }

        return number;
    }

    /// <summary>Reads a cell's &lt;v&gt; and inline &lt;is&gt; texts, leaving the reader on the cell's end.</summary>
    private static (string? Value, string? Inline) ReadCellContent(GuardedXmlReader reader, StringBuilder text)
    {
        var cellDepth = reader.Depth;
        string? value = null;
        string? inline = null;
        while (reader.Read() && reader.Depth > cellDepth)
        {
            if (reader.IsElement("v") && !reader.IsEmptyElement)
            {
                value = ReadText(reader, text);
            }
            else if (reader.IsElement("is") && !reader.IsEmptyElement)
            {
                inline = ReadRichText(reader, text);
            }
        }

        return (value, inline);
    }

    /// <summary>The text inside the current element, up to its end.</summary>
    private static string ReadText(GuardedXmlReader reader, StringBuilder text)
    {
        text.Clear();
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA or System.Xml.XmlNodeType.SignificantWhitespace or System.Xml.XmlNodeType.Whitespace)
            {
                Append(text, reader.Value);
            }
        }

        return text.ToString();
    }

    /// <summary>The text of a string item (&lt;si&gt; or &lt;is&gt;): its &lt;t&gt; elements and rich-text runs, without phonetic hints.</summary>
    private static string ReadRichText(GuardedXmlReader reader, StringBuilder text)
    {
        text.Clear();
        var depth = reader.Depth;
        var phoneticDepth = -1;
        var inText = false;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType == System.Xml.XmlNodeType.Element)
            {
                if (reader.LocalName == "rPh" && phoneticDepth < 0 && !reader.IsEmptyElement)
                {
                    phoneticDepth = reader.Depth;
                }

                inText = reader.LocalName == "t" && !reader.IsEmptyElement;
            }
            else if (reader.NodeType == System.Xml.XmlNodeType.EndElement)
            {
                if (reader.Depth == phoneticDepth && reader.LocalName == "rPh")
                {
                    phoneticDepth = -1;
                }

                inText = false;
            }
            else if (inText && phoneticDepth < 0 && reader.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA or System.Xml.XmlNodeType.SignificantWhitespace or System.Xml.XmlNodeType.Whitespace)
            {
                Append(text, reader.Value);
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string value)
    {
        if (text.Length + value.Length > MaxCellChars)
        {
            throw new WorkbookException(WorkbookProblem.CellTooLong, $"A cell holds more than {MaxCellChars} characters.");
        }

        text.Append(value);
    }

    private static List<string> ReadSharedStrings(GuardedPackage package, string part)
    {
        var strings = new List<string>();
        using var reader = package.OpenXml(part, MaxSharedStringsBytes);
        if (reader is null)
        {
            return strings;
        }

        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.IsElement("si"))
            {
                strings.Add(reader.IsEmptyElement ? "" : ReadRichText(reader, text).Trim());
            }
        }

        return strings;
    }

    /// <summary>Which cell formats (by index) show a date: built-in date formats and custom codes with day or year parts.</summary>
    private static bool[] ReadDateStyles(GuardedPackage package, string part)
    {
        using var reader = package.OpenXml(part, MaxStylesBytes);
        if (reader is null)
        {
            return [];
        }

        var customDates = new HashSet<uint>();
        var formats = new List<bool>();
        var inCellFormats = false;
        var cellFormatsDepth = -1;
        while (reader.Read())
        {
            if (reader.IsElement("numFmt"))
            {
                if (uint.TryParse(reader.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && IsDateFormatCode(reader.Attribute("formatCode")) && customDates.Count < MaxCellFormats)
                {
                    customDates.Add(id);
                }
            }
            else if (reader.IsElement("cellXfs") && !reader.IsEmptyElement)
            {
                inCellFormats = true;
                cellFormatsDepth = reader.Depth;
            }
            else if (reader.IsEndElement("cellXfs") && reader.Depth == cellFormatsDepth)
            {
                inCellFormats = false;
            }
            else if (inCellFormats && reader.Depth == cellFormatsDepth + 1 && reader.IsElement("xf"))
            {
                if (formats.Count >= MaxCellFormats)
                {
                    throw new WorkbookException(WorkbookProblem.Oversized, "More cell formats than Excel allows.");
                }

                var id = uint.TryParse(reader.Attribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                formats.Add(id is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(id));
            }
        }

        return [.. formats];
    }

    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c) || index > MaxColumns)
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static string CellText(string? type, string? style, string? raw, string? inline, List<string> sharedStrings, bool[] dateStyles)
    {
        var text = type switch
        {
            // Shared strings are trimmed once, when the table is read: every reference shares one string.
            "s" => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < sharedStrings.Count ? sharedStrings[i] : "",
            "inlineStr" => inline ?? raw ?? "",
            "b" => raw?.Trim() == "1" ? "TRUE" : "FALSE",
            "e" => "",
            null or "n" => NumberText(raw, int.TryParse(style, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < dateStyles.Length && dateStyles[s]),
            _ => raw ?? "",
        };
        return type == "s" ? text : text.Trim();
    }

    /// <summary>Numbers as a person typed them: 612345678 not 6.12345678E8; a date-formatted serial as yyyy-MM-dd.</summary>
    public static string NumberText(string? raw, bool isDate)
    {
        if (string.IsNullOrWhiteSpace(raw) || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return raw ?? "";
        }

        if (isDate && number is > 0 and < 2958466)
        {
            var date = DateTime.FromOADate(number);
            return date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        return Math.Abs(number) < 1e15 && number == Math.Floor(number)
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    public static bool IsDateFormatCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var inQuotes = false;
        var inBrackets = false;
        foreach (var c in code)
        {
            switch (c)
            {
                case '"': inQuotes = !inQuotes; break;
                case '[': inBrackets = true; break;
                case ']': inBrackets = false; break;
                case 'd' or 'D' or 'y' or 'Y' when !inQuotes && !inBrackets: return true;
            }
        }

        return false;
    }
}
