using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>Why a file cannot be read as a workbook at all. Each has a message key the page and the command line show.</summary>
public enum WorkbookProblem
{
    Empty,
    TooLarge,
    NotAWorkbook,
    LegacyXls,
    PasswordProtected,
    Corrupt,
    NoHeaderRow,
    TooManyRows,
}

public sealed class WorkbookException(WorkbookProblem problem, string detail) : Exception(detail)
{
    public WorkbookProblem Problem { get; } = problem;
}

/// <summary>One non-blank row of a sheet: its 1-based row number and its trimmed cell texts by 0-based column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, string> Cells)
{
    public string Get(int column) => Cells.TryGetValue(column, out var value) ? value : "";
}

/// <summary>
/// Reads the first worksheet of an .xlsx as a stream of rows with DocumentFormat.OpenXml's SAX reader, so that a
/// 50,000-row file or a sheet of a million empty formatted rows costs little memory. Cells come back as trimmed text:
/// shared and inline strings as written, numbers in invariant form (integers without decimals, so a phone number typed
/// as a number keeps its digits), dates as ISO dates.
/// </summary>
public static class WorkbookReader
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    public const int MaxDataRows = 200_000;

    /// <summary>Largest uncompressed part read (a million empty formatted rows is about 70 MB).</summary>
    public const long MaxPartBytes = 256L * 1024 * 1024;

    /// <summary>Deeper XML is never produced by a spreadsheet program and would exhaust the stack of a recursive reader.</summary>
    public const int MaxXmlDepth = 64;

    /// <summary>Excel's last column (XFD).</summary>
    public const int MaxColumns = 16_384;

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

    public static IEnumerable<SheetRow> ReadFirstSheet(byte[] content)
    {
        Inspect(content);
        CheckParts(content);
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or ArgumentException)
        {
            throw IsZip(content)
                ? new WorkbookException(WorkbookProblem.NotAWorkbook, "The file is an archive but not an Excel workbook.")
                : new WorkbookException(WorkbookProblem.Corrupt, "The workbook is damaged and cannot be opened.");
        }

        return ReadRows(document);
    }

    private static IEnumerable<SheetRow> ReadRows(SpreadsheetDocument document)
    {
        using (document)
        {
            var workbookPart = document.WorkbookPart ?? throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The file has no workbook.");
            var firstSheet = workbookPart.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault()
                ?? throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The workbook has no sheet.");
            if (workbookPart.GetPartById(firstSheet.Id!.Value!) is not WorksheetPart worksheetPart)
            {
                throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The first sheet is not a worksheet.");
            }

            List<string> sharedStrings;
            bool[] dateStyles;
            try
            {
                sharedStrings = ReadSharedStrings(workbookPart.SharedStringTablePart);
                dateStyles = ReadDateStyles(workbookPart.WorkbookStylesPart);
            }
            catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException or OpenXmlPackageException)
            {
                throw new WorkbookException(WorkbookProblem.Corrupt, "The workbook is damaged and cannot be read.");
            }

            using var reader = OpenXmlReader.Create(worksheetPart);
            reader.Read();
            var rowNumber = 0;
            var nextColumn = 0;
            var dataRows = 0;
            Dictionary<int, string>? cells = null;
            while (true)
            {
                bool more;
                SheetRow? completed;
                try
                {
                    more = Advance(reader, ref rowNumber, ref nextColumn, ref cells, sharedStrings, dateStyles, out completed);
                }
                catch (Exception ex) when (ex is System.Xml.XmlException or InvalidDataException)
                {
                    throw new WorkbookException(WorkbookProblem.Corrupt, "The workbook is damaged and cannot be read.");
                }

                if (completed is not null)
                {
                    if (++dataRows > MaxDataRows)
                    {
                        throw new WorkbookException(WorkbookProblem.TooManyRows, $"The sheet has more than {MaxDataRows} rows with data.");
                    }

                    yield return completed;
                }

                if (!more)
                {
                    break;
                }
            }

            if (cells is { Count: > 0 })
            {
                yield return new SheetRow(rowNumber, cells);
            }
        }
    }

    /// <summary>Moves the reader one step; returns the row that just ended, if it had any non-blank cell.</summary>
    private static bool Advance(OpenXmlReader reader, ref int rowNumber, ref int nextColumn, ref Dictionary<int, string>? cells, List<string> sharedStrings, bool[] dateStyles, out SheetRow? completed)
    {
        completed = null;
        if (reader.EOF)
        {
            return false;
        }

        if (reader.ElementType == typeof(Row) && reader.IsStartElement)
        {
            if (cells is { Count: > 0 })
            {
                completed = new SheetRow(rowNumber, cells);
            }

            cells = null;
            var r = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
            rowNumber = int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : rowNumber + 1;
            nextColumn = 0;
            return reader.Read();
        }

        if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
        {
            // LoadCurrentElement moves the reader past the cell: do not call Read() after it.
            var cell = (Cell)reader.LoadCurrentElement()!;
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
            nextColumn = column + 1;
            var text = CellText(cell, sharedStrings, dateStyles);
            if (text.Length > 0 && column is >= 0 and < MaxColumns)
            {
                (cells ??= [])[column] = text;
            }

            return !reader.EOF;
        }

        return reader.Read();
    }

    /// <summary>
    /// Before OpenXml reads anything: every XML part must be of bounded uncompressed size and nesting (a zip bomb or a
    /// deeply nested part is refused as corrupt instead of exhausting memory or the stack).
    /// </summary>
    private static void CheckParts(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is null && !zip.Entries.Any(e => e.FullName.EndsWith("workbook.xml", StringComparison.OrdinalIgnoreCase)))
            {
                throw new WorkbookException(WorkbookProblem.NotAWorkbook, "The file is an archive but not an Excel workbook.");
            }

            long total = 0;
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase)))
            {
                total += entry.Length;
                if (entry.Length > MaxPartBytes || total > MaxPartBytes * 2)
                {
                    throw new WorkbookException(WorkbookProblem.Corrupt, "The workbook expands to more data than a workbook of this size can hold.");
                }

                using var stream = entry.Open();
                using var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
                while (reader.Read())
                {
                    if (reader.Depth > MaxXmlDepth)
                    {
                        throw new WorkbookException(WorkbookProblem.Corrupt, "The workbook's structure is nested deeper than any spreadsheet program writes.");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Xml.XmlException or IOException)
        {
            throw IsZip(content)
                ? new WorkbookException(WorkbookProblem.Corrupt, "The workbook is damaged and cannot be read.")
                : new WorkbookException(WorkbookProblem.Corrupt, "The workbook is damaged and cannot be opened.");
        }
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

    private static string CellText(Cell cell, List<string> sharedStrings, bool[] dateStyles)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        string text;
        if (type == CellValues.SharedString)
        {
            text = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < sharedStrings.Count ? sharedStrings[i] : "";
        }
        else if (type == CellValues.InlineString)
        {
            text = cell.InlineString?.InnerText ?? "";
        }
        else if (type == CellValues.Boolean)
        {
            text = raw == "1" ? "TRUE" : "FALSE";
        }
        else if (type == CellValues.Error)
        {
            text = "";
        }
        else if (type is null || type == CellValues.Number)
        {
            text = NumberText(raw, cell.StyleIndex?.Value is { } style && style < dateStyles.Length && dateStyles[style]);
        }
        else
        {
            text = raw ?? "";
        }

        return text.Trim();
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

    private static List<string> ReadSharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        reader.Read();
        while (!reader.EOF)
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                // Text and rich-text runs, without phonetic hints.
                strings.Add(item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text)));
            }
            else
            {
                reader.Read();
            }
        }

        return strings;
    }

    private static bool[] ReadDateStyles(WorkbookStylesPart? part)
    {
        var stylesheet = part?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return [];
        }

        var customDates = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && IsDateFormatCode(f.FormatCode?.Value))
            .Select(f => f.NumberFormatId!.Value)
            .ToHashSet() ?? [];
        return stylesheet.CellFormats.Elements<CellFormat>()
            .Select(f => f.NumberFormatId?.Value is { } id && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || customDates.Contains(id)))
            .ToArray();
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

    /// <summary>Tells whether bytes are a zip archive that merely lacks an Excel workbook (e.g. a .docx).</summary>
    internal static bool IsZip(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.Entries.Count > 0;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
