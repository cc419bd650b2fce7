using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Jooxter.Admin.Tests.Support;

/// <summary>
/// Writes large workbooks for benchmarks the way Excel stores text (a shared-strings table, cells pointing into it),
/// streaming into the zip, so that making a 50,000-row file costs a few megabytes, not the half gigabyte ClosedXML
/// takes to build it in memory, and the benchmark's memory figure measures the import, not the file's making.
/// </summary>
public static class LargeWorkbooks
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static byte[] Strings(object?[] header, int count, Func<int, object?[]> row)
    {
        // Pass 1: the shared strings, in order of first use, as Excel numbers them.
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        var uses = 0;
        IEnumerable<object?[]> Rows()
        {
            yield return header;
            for (var i = 1; i <= count; i++)
            {
                yield return row(i);
            }
        }

        foreach (var cells in Rows())
        {
            foreach (var cell in cells)
            {
                if (cell is string text && text.Length > 0)
                {
                    shared.TryAdd(text, shared.Count);
                    uses++;
                }
            }
        }

        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
            Text(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Text(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
            // Excel's default styles part: one font, the two reserved fills, one border, one cell format.
            Text(zip, "xl/styles.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>""");
            Text(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            using (var writer = XmlWriter.Create(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), Settings))
            {
                writer.WriteStartElement("sst", Main);
                writer.WriteAttributeString("count", uses.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteAttributeString("uniqueCount", shared.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var text in shared.OrderBy(s => s.Value).Select(s => s.Key))
                {
                    writer.WriteStartElement("si", Main);
                    writer.WriteElementString("t", Main, text);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            using (var writer = XmlWriter.Create(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open(), Settings))
            {
                writer.WriteStartElement("worksheet", Main);
                writer.WriteStartElement("sheetData", Main);
                var number = 0;
                foreach (var cells in Rows())
                {
                    var r = (++number).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    writer.WriteStartElement("row", Main);
                    writer.WriteAttributeString("r", r);
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (cells[c] is not string text || text.Length == 0)
                        {
                            continue;
                        }

                        writer.WriteStartElement("c", Main);
                        writer.WriteAttributeString("r", (char)('A' + c) + r);
                        writer.WriteAttributeString("t", "s");
                        writer.WriteElementString("v", Main, shared[text].ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
