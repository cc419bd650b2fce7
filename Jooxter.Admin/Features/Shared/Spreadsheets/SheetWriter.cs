using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Jooxter.Admin.Features.Shared.Spreadsheets;

/// <summary>How a written cell looks.</summary>
public enum CellLook
{
    Plain,
    Header,
    Problem,
}

/// <summary>One cell to write: its 0-based column, its text and its look.</summary>
public readonly record struct WrittenCell(int Column, string Text, CellLook Look = CellLook.Plain);

/// <summary>
/// Writes a one-sheet .xlsx row by row straight into the zip (inline strings, three looks), so a sheet of any length
/// costs the memory of one row. Used where a workbook is built from rows the guarded reader gave back.
/// </summary>
public static class SheetWriter
{
    public static byte[] Write(string sheetName, IEnumerable<(int Row, IEnumerable<WrittenCell> Cells)> rows, IReadOnlyDictionary<int, double>? columnWidths = null)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Text(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Text(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            Text(zip, "xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><sz val="11"/><color rgb="FF990000"/><name val="Calibri"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFF4CCCC"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>""");
            using (var writer = XmlWriter.Create(zip.CreateEntry("xl/workbook.xml", CompressionLevel.Fastest).Open(), Settings))
            {
                writer.WriteStartElement("workbook", Main);
                writer.WriteAttributeString("xmlns", "r", null, Relationships);
                writer.WriteStartElement("sheets", Main);
                writer.WriteStartElement("sheet", Main);
                writer.WriteAttributeString("name", SafeSheetName(sheetName));
                writer.WriteAttributeString("sheetId", "1");
                writer.WriteAttributeString("id", Relationships, "rId1");
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            using (var writer = XmlWriter.Create(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open(), Settings))
            {
                writer.WriteStartElement("worksheet", Main);
                if (columnWidths is { Count: > 0 })
                {
                    writer.WriteStartElement("cols", Main);
                    foreach (var (column, width) in columnWidths.OrderBy(c => c.Key))
                    {
                        writer.WriteStartElement("col", Main);
                        writer.WriteAttributeString("min", (column + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        writer.WriteAttributeString("max", (column + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        writer.WriteAttributeString("width", width.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        writer.WriteAttributeString("customWidth", "1");
                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                }

                writer.WriteStartElement("sheetData", Main);
                foreach (var (row, cells) in rows)
                {
                    var number = row.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    writer.WriteStartElement("row", Main);
                    writer.WriteAttributeString("r", number);
                    foreach (var cell in cells.OrderBy(c => c.Column))
                    {
                        writer.WriteStartElement("c", Main);
                        writer.WriteAttributeString("r", WorkbookReader.ColumnName(cell.Column) + number);
                        writer.WriteAttributeString("t", "inlineStr");
                        if (cell.Look != CellLook.Plain)
                        {
                            writer.WriteAttributeString("s", cell.Look == CellLook.Header ? "1" : "2");
                        }

                        writer.WriteStartElement("is", Main);
                        writer.WriteStartElement("t", Main);
                        writer.WriteAttributeString("xml", "space", null, "preserve");
                        writer.WriteString(XmlSafe(cell.Text));
                        writer.WriteEndElement();
                        writer.WriteEndElement();
                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }
        }

        return output.ToArray();
    }

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>Excel refuses sheet names over 31 characters or with []:*?/\.</summary>
    private static string SafeSheetName(string name)
    {
        var cleaned = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim();
        return cleaned.Length == 0 ? "Sheet1" : cleaned[..Math.Min(31, cleaned.Length)];
    }

    /// <summary>Characters XML 1.0 cannot carry (most control characters, lone surrogates) are dropped.</summary>
    private static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(text[i]).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                safe.Append(text[i]);
            }
        }

        return safe.ToString();
    }
}
