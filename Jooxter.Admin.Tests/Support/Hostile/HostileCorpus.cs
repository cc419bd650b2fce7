using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using static Jooxter.Admin.Tests.Support.Hostile.HostileBytes;

namespace Jooxter.Admin.Tests.Support.Hostile;

public enum HostileKind
{
    /// <summary>An employee workbook given to the HR import (console and command line).</summary>
    Workbook,

    /// <summary>A workbook whose preview is fine but for one row: the attack is on the error workbook HR downloads.</summary>
    ErrorWorkbook,

    Plan,
    Photo,
}

/// <summary>
/// One hostile file and the answer it must produce, written out here: <c>Import.Problem.*</c> for workbooks,
/// <c>Plan.*</c> for floor plans, <c>Photo.*</c> for photos, or <see cref="HostileCorpus.Accepted"/> when the file is
/// taken once cleaned (then the test checks what was removed).
/// </summary>
public sealed record HostileFile(string Name, HostileKind Kind, string Expected, Func<byte[]> Build)
{
    public override string ToString() => Name;
}

/// <summary>The hostile corpus: files built the way an attacker would, each with the problem the console must report.</summary>
public static class HostileCorpus
{
    public const string Accepted = "Accepted";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static readonly IReadOnlyList<HostileFile> All =
    [
        // --- Workbooks: parts under other names, nesting, bombs, lies, row numbers ---
        W("shared strings renamed s.bin and nested 200,000 deep", "Oversized", () => Mutate(Base(), zip =>
        {
            zip.GetEntry("xl/sharedStrings.xml")!.Delete();
            Put(zip, "xl/s.bin", w => { w.Write($"<sst xmlns=\"{Main}\"><si>"); Repeat(w, "<r>", 200_000); Repeat(w, "</r>", 200_000); w.Write("</si></sst>"); });
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*sharedStrings.xml\"", "Target=\"s.bin\""));
            Edit(zip, "[Content_Types].xml", x => x.Replace("</Types>", "<Override PartName=\"/xl/s.bin\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>", StringComparison.Ordinal));
        })),
        W("worksheet renamed sheet1.dat and nested 200,000 deep", "Oversized", () => Mutate(Base(), zip =>
        {
            zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
            Put(zip, "xl/sheet1.dat", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"); Repeat(w, "<r>", 200_000); Repeat(w, "</r>", 200_000); w.Write("</is></c></row></sheetData></worksheet>"); });
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*worksheets/sheet1.xml\"", "Target=\"sheet1.dat\""));
        })),
        W("shared strings renamed s.bin and nested 90,000 deep", "TooDeep", () => Mutate(Base(), zip =>
        {
            zip.GetEntry("xl/sharedStrings.xml")!.Delete();
            Put(zip, "xl/s.bin", w => { w.Write($"<sst xmlns=\"{Main}\"><si>"); Repeat(w, "<r>", 90_000); Repeat(w, "</r>", 90_000); w.Write("</si></sst>"); });
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*sharedStrings.xml\"", "Target=\"s.bin\""));
        })),
        W("worksheet renamed sheet1.dat and nested 90,000 deep", "TooDeep", () => Mutate(Base(), zip =>
        {
            zip.GetEntry("xl/worksheets/sheet1.xml")!.Delete();
            Put(zip, "xl/sheet1.dat", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"); Repeat(w, "<r>", 90_000); Repeat(w, "</r>", 90_000); w.Write("</is></c></row></sheetData></worksheet>"); });
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*worksheets/sheet1.xml\"", "Target=\"sheet1.dat\""));
        })),
        W("200 MB styles.xml in a small workbook", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/styles.xml", w => { w.Write($"<styleSheet xmlns=\"{Main}\"><cellXfs>"); Repeat(w, "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>", 200L * 1024 * 1024 / 48); w.Write("</cellXfs></styleSheet>"); }))),
        W("styles.xml of 70,000 cell formats, each different", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/styles.xml", w => { w.Write($"<styleSheet xmlns=\"{Main}\"><cellXfs>"); for (var i = 0; i < 70_000; i++) w.Write($"<xf numFmtId=\"{i % 200}\" fontId=\"{i % 7}\"/>"); w.Write("</cellXfs></styleSheet>"); }))),
        W("styles.xml nested 100,000 deep", "TooDeep", () => Mutate(Base(), zip =>
            Put(zip, "xl/styles.xml", w => { w.Write($"<styleSheet xmlns=\"{Main}\">"); Repeat(w, "<a>", 100_000); Repeat(w, "</a>", 100_000); w.Write("</styleSheet>"); }))),
        W("workbook.xml nested 100,000 deep", "TooDeep", () => Mutate(Base(), zip =>
            Edit(zip, "xl/workbook.xml", x => Regex.Replace(x, "<(\\w+:)?sheets>", m => new StringBuilder().Insert(0, "<a>", 100_000).Append(new StringBuilder().Insert(0, "</a>", 100_000)).Append(m.Value).ToString())))),
        W("package relationships nested 100,000 deep", "TooDeep", () => Mutate(Base(), zip =>
            Put(zip, "_rels/.rels", w => { w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"); Repeat(w, "<x>", 100_000); Repeat(w, "</x>", 100_000); w.Write("</Relationships>"); }))),
        W("worksheet of 300 MB of blanks (zip bomb)", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData>"); Repeat(w, new string(' ', 1 << 20), 300); w.Write("</sheetData></worksheet>"); }, CompressionLevel.Fastest))),
        W("unread part named image.png holding 300 MB of zeros", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/media/image.png", w => Repeat(w, new string('\0', 1 << 20), 300), CompressionLevel.Fastest))),
        W("worksheet that declares 2 KB and inflates to 150 MB", "Corrupt", () => LieAboutSize(Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Prénom</t></is></c></row>"); Repeat(w, "<!---->", 150L * 1024 * 1024 / 7); w.Write("</sheetData></worksheet>"); }, CompressionLevel.Optimal)), "xl/worksheets/sheet1.xml", 2048)),
        W("shared strings of 70 MB", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/sharedStrings.xml", w => { w.Write($"<sst xmlns=\"{Main}\">"); for (var i = 0; i < 70 * 1024 * 1024 / 40; i++) w.Write($"<si><t>Value number {i,12}</t></si>"); w.Write("</sst>"); }))),
        W("workbook.xml of 5 MB", "Oversized", () => Mutate(Base(), zip =>
            Edit(zip, "xl/workbook.xml", x => Regex.Replace(x, "<(\\w+:)?sheets>", m => string.Concat(Enumerable.Range(0, 400_000).Select(i => $"<a b=\"{i}\"/>")) + m.Value)))),
        W("150,000 tiny entries", "TooManyParts", () => ManyEntries(150_000)),
        W("3,000 tiny entries", "TooManyParts", () => ManyEntries(3_000)),
        W("zip64 directory claiming 65,535 entries", "TooManyParts", () =>
        {
            var file = Base();
            var i = file.AsSpan().LastIndexOf([(byte)0x50, (byte)0x4B, (byte)0x05, (byte)0x06]);
            file[i + 8] = file[i + 9] = file[i + 10] = file[i + 11] = 0xFF;
            return file;
        }),
        W("20,000 cells pointing at one 32,000-character shared string", "Oversized", () => Mutate(Base(), zip =>
        {
            Put(zip, "xl/sharedStrings.xml", w => { w.Write($"<sst xmlns=\"{Main}\"><si><t>Prénom</t></si><si><t xml:space=\"preserve\">"); w.Write(new string('x', 32_000)); w.Write(" </t></si></sst>"); });
            Put(zip, "xl/worksheets/sheet1.xml", w =>
            {
                w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Prénom</t></is></c><c t=\"inlineStr\"><is><t>Nom</t></is></c><c t=\"inlineStr\"><is><t>E-mail</t></is></c></row>");
                for (var r = 2; r <= 2_001; r++) { w.Write($"<row r=\"{r}\">"); Repeat(w, "<c t=\"s\"><v>1</v></c>", 10); w.Write("</row>"); }
                w.Write("</sheetData></worksheet>");
            });
        })),
        W("one tag of 3 million attributes", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData"); for (var i = 0; i < 3_000_000; i++) w.Write($" a{i}=\"\""); w.Write("/></worksheet>"); }))),
        W("a 5 MB text node of digits", "Oversized", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", w => { w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c><v>"); var random = new Random(7); for (var i = 0; i < 5_000_000; i++) w.Write((char)('0' + random.Next(10))); w.Write("</v></c></row></sheetData></worksheet>"); }))),
        W("a cell outside any row", "Corrupt", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><sheetData><c r=\"A1\" t=\"inlineStr\"><is><t>Prénom</t></is></c></sheetData></worksheet>"))),
        W("row number -5", "BadRowNumber", () => Rows("<row r=\"-5\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number 99,999,999,999", "BadRowNumber", () => Rows("<row r=\"99999999999\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number 1,048,577", "BadRowNumber", () => Rows("<row r=\"1048577\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number 0", "BadRowNumber", () => Rows("<row r=\"0\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number repeated", "BadRowNumber", () => Rows("<row r=\"2\"><c t=\"inlineStr\"><is><t>a</t></is></c></row><row r=\"2\"><c t=\"inlineStr\"><is><t>b</t></is></c></row>")),
        W("row numbers going down", "BadRowNumber", () => Rows("<row r=\"9\"><c t=\"inlineStr\"><is><t>a</t></is></c></row><row r=\"4\"><c t=\"inlineStr\"><is><t>b</t></is></c></row>")),
        W("row number not a number", "BadRowNumber", () => Rows("<row r=\"two\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number 1e3", "BadRowNumber", () => Rows("<row r=\"1e3\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("row number with a sign", "BadRowNumber", () => Rows("<row r=\"+7\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>")),
        W("a cell of 40,000 characters", "CellTooLong", () => Rows($"<row r=\"2\"><c t=\"inlineStr\"><is><t>{new string('a', 40_000)}</t></is></c></row>")),
        W("a shared string of 40,000 characters in 4,000 runs", "CellTooLong", () => Mutate(Base(), zip =>
            Put(zip, "xl/sharedStrings.xml", w => { w.Write($"<sst xmlns=\"{Main}\"><si>"); Repeat(w, "<r><t>abcdefghij</t></r>", 4_000); w.Write("</si></sst>"); }))),
        W("entity expansion (billion laughs) in the sheet", "Corrupt", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", $"<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"))),
        W("external entity in the shared strings", "Corrupt", () => Mutate(Base(), zip =>
            Put(zip, "xl/sharedStrings.xml", $"<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><sst xmlns=\"{Main}\"><si><t>&xxe;</t></si></sst>"))),
        W("more than 200,000 rows with data", "TooManyRows", () => Mutate(Base(), zip =>
            Put(zip, "xl/worksheets/sheet1.xml", w =>
            {
                w.Write($"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>E-mail</t></is></c><c t=\"inlineStr\"><is><t>Nom</t></is></c></row>");
                for (var r = 2; r <= 200_003; r++) w.Write($"<row r=\"{r}\"><c><v>{r}</v></c></row>");
                w.Write("</sheetData></worksheet>");
            }))),
        W("relationship escaping the package (../../etc/passwd)", "Corrupt", () => Mutate(Base(), zip =>
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*worksheets/sheet1.xml\"", "Target=\"../../../../etc/passwd\"")))),
        W("worksheet relationship pointing to a web address", "Corrupt", () => Mutate(Base(), zip =>
            Edit(zip, "xl/_rels/workbook.xml.rels", x => Regex.Replace(x, "Target=\"[^\"]*worksheets/sheet1.xml\"", "Target=\"http://attacker.test/sheet.xml\" TargetMode=\"External\"")))),
        W("no package relationships", "NotAWorkbook", () => Mutate(Base(), zip => zip.GetEntry("_rels/.rels")!.Delete())),
        W("a Word document", "NotAWorkbook", () => Zip(("_rels/.rels", w => w.Write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")), ("word/document.xml", w => w.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>")))),
        W("worksheet that is not XML", "Corrupt", () => Mutate(Base(), zip => Put(zip, "xl/worksheets/sheet1.xml", "PK\u0003\u0004 this is not xml <<<"))),
        W("half a workbook", "Corrupt", () => { var b = Base(); return b[..(b.Length / 2)]; }),
        W("zip signature then noise", "Corrupt", () => [0x50, 0x4B, 0x03, 0x04, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))]),
        W("a password-protected workbook", "PasswordProtected", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[512], .. Encoding.Unicode.GetBytes("EncryptionInfo")]),
        W("an Excel 97 workbook", "LegacyXls", () => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[4096]]),
        W("an empty file", "Empty", () => []),
        W("a file over 20 MB", "TooLarge", () => [0x50, 0x4B, 0x03, 0x04, .. new byte[20 * 1024 * 1024]]),
        W("a CSV renamed .xlsx", "NotAWorkbook", () => Encoding.UTF8.GetBytes("Prénom;Nom;E-mail\nAda;Lovelace;ada@x.test\n")),
        W("an HTML page renamed .xlsx", "NotAWorkbook", () => Encoding.UTF8.GetBytes("<html><body><table><tr><td>Ada</td></tr></table><script>alert(1)</script></body></html>")),
        new("hidden second sheet of 3 million cells behind one bad row", HostileKind.ErrorWorkbook, Accepted, HiddenSheetBehindBadRow),

        // --- SVG plans ---
        P("SVG with entity expansion (billion laughs)", "Plan.SvgDoctype", () => Utf8("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&c;</text></svg>")),
        P("SVG with an external entity", "Plan.SvgDoctype", () => Utf8("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>")),
        P("SVG with <use> chained 10 deep, 10 wide", "Plan.SvgTooManyReferences", () => Utf8(UseChain(10, 10))),
        P("SVG with <use> chained 5 deep, 40 wide", "Plan.SvgTooManyReferences", () => Utf8(UseChain(5, 40))),
        P("SVG of 20,000 <use> links in a chain", "Plan.SvgTooManyReferences", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\"><defs>" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<g id=\"g{i}\"><use href=\"#g{i + 1}\"/></g>")) + "<rect id=\"g20000\" width=\"1\" height=\"1\"/></defs><use href=\"#g0\"/></svg>")),
        P("SVG whose <use> references loop", "Plan.SvgTooManyReferences", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g id=\"a\"><use xlink:href=\"#b\"/></g><g id=\"b\"><use href=\"#a\"/></g></svg>")),
        P("SVG nested 10,000 groups deep", "Plan.SvgTooDeep", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<g>", 10_000)) + string.Concat(Enumerable.Repeat("</g>", 10_000)) + "</svg>")),
        P("SVG embedding a 3 MB picture", "Plan.SvgEmbeddedImageTooLarge", () => Utf8($"<svg xmlns=\"http://www.w3.org/2000/svg\"><image width=\"10\" height=\"10\" href=\"data:image/png;base64,{Convert.ToBase64String(new byte[3 * 1024 * 1024 / 4 * 3])}\"/></svg>")),
        P("SVG embedding a picture that declares 100 megapixels", "Plan.SvgEmbeddedImageTooLarge", () => Utf8($"<svg xmlns=\"http://www.w3.org/2000/svg\"><image width=\"10\" height=\"10\" href=\"data:image/png;base64,{Convert.ToBase64String(PngDeclaring(10_000, 10_000))}\"/></svg>")),
        P("SVG embedding three 1.9 MB pictures", "Plan.SvgEmbeddedImageTooLarge", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Range(0, 3).Select(_ => $"<image width=\"10\" height=\"10\" href=\"data:image/png;base64,{Convert.ToBase64String(new byte[1_400_000])}\"/>")) + "</svg>")),
        P("SVG over 10 MB", "Plan.TooLarge", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\">" + string.Concat(Enumerable.Repeat("<rect width=\"1\" height=\"1\"/>", 400_000)) + "</svg>")),
        P("SVG with script, handlers, foreignObject and javascript: links", Accepted, () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 100 50\" onload=\"alert(1)\"><script>alert(2)</script><foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><iframe src=\"https://attacker.test\"/></body></foreignObject><a xlink:href=\"javascript:alert(3)\"><rect width=\"10\" height=\"10\" onclick=\"alert(4)\" style=\"fill:url(https://attacker.test/x)\"/></a><rect width=\"20\" height=\"20\"/></svg>")),
        P("SVG embedding a GIF whose size cannot be checked", Accepted, () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"5\" height=\"5\"/><image width=\"10\" height=\"10\" href=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\"/></svg>")),
        P("HTML page named .svg", "Plan.SvgNotSvg", () => Utf8("<html><body><script>alert(1)</script></body></html>")),
        P("binary noise named .svg", "Plan.UnsupportedType", () => Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 256)).ToArray()),

        // --- Raster plans ---
        P("PNG plan of 100 megapixels", "Plan.TooManyPixels", () => PngDeclaring(10_000, 10_000)),
        P("PNG plan 100,000 wide and 2,000 high", "Plan.TooManyPixels", () => PngDeclaring(100_000, 2_000)),
        P("PNG plan 1 pixel high and 200 million wide", "Plan.Unreadable", () => PngDeclaring(200_000_000, 1)),
        P("JPEG plan with GPS EXIF and HTML appended", Accepted, JpegWithGpsAndHtml),
        P("PNG plan with a 5 MB text chunk", "Plan.OversizedMetadata", () => PngWith(Chunk("tEXt", [.. "Comment\0"u8, .. new byte[5 * 1024 * 1024]]))),
        P("PNG plan with a compressed text chunk inflating to 1 GB", "Plan.OversizedMetadata", () => PngWith(Chunk("zTXt", [.. "Comment\0\0"u8, .. Compressed(1L << 30)]))),
        P("PNG plan with a 3 MB colour profile", "Plan.OversizedMetadata", () => PngWith(Chunk("iCCP", [.. "icc\0\0"u8, .. Compressed(1L << 20), .. new byte[2 * 1024 * 1024]]))),
        P("PNG plan whose chunk lengths run past the end", "Plan.Unreadable", () => { var png = Images.Png(40, 40); png[8 + 12 + 13 + 3] = 0xFF; png[8 + 12 + 13 + 2] = 0xFF; return png; }),
        P("WebP plan", "Plan.UnsupportedType", () => WebPDeclaring(100, 100)),
        P("GIF plan", "Plan.UnsupportedType", () => Utf8("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;")),

        // --- Photos ---
        F("PNG photo of 100 megapixels", "Photo.TooManyPixels", () => PngDeclaring(10_000, 10_000)),
        F("WebP photo declaring 16384 × 16384", "Photo.TooManyPixels", () => WebPDeclaring(16_384, 16_384)),
        F("PNG photo with a 3 MB text chunk", "Photo.Unreadable", () => PngWith(Chunk("tEXt", [.. "Comment\0"u8, .. new byte[3 * 1024 * 1024]]))),
        F("JPEG photo with GPS EXIF and HTML appended", Accepted, JpegWithGpsAndHtml),
        F("SVG sent as a photo", "Photo.UnsupportedType", () => Utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")),
    ];

    private static HostileFile W(string name, string problem, Func<byte[]> build) => new(name, HostileKind.Workbook, "Import.Problem." + problem, build);

    private static HostileFile P(string name, string expected, Func<byte[]> build) => new(name, HostileKind.Plan, expected, build);

    private static HostileFile F(string name, string expected, Func<byte[]> build) => new(name, HostileKind.Photo, expected, build);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A valid employee workbook as Excel writes it (shared strings, styles), to be made hostile.</summary>
    private static byte[] Base() => Workbooks.Create(Workbooks.Header, ["Ada", "Lovelace", "ada@hostile.test", "fr", "", "", ""]);

    /// <summary>The header row, then the given rows, in the first sheet.</summary>
    private static byte[] Rows(string rows) => Mutate(Base(), zip =>
        Put(zip, "xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Prénom</t></is></c><c t=\"inlineStr\"><is><t>Nom</t></is></c><c t=\"inlineStr\"><is><t>E-mail</t></is></c></row>{rows}</sheetData></worksheet>"));

    private static byte[] ManyEntries(int count)
    {
        using var output = new MemoryStream();
        output.Write(Base());
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                zip.CreateEntry($"x/{i}", CompressionLevel.NoCompression);
            }
        }

        return output.ToArray();
    }

    private static string UseChain(int depth, int width)
    {
        var svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\"><defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
        for (var level = 1; level <= depth; level++)
        {
            svg.Append($"<g id=\"l{level}\">");
            for (var i = 0; i < width; i++)
            {
                svg.Append($"<use href=\"#l{level - 1}\"/>");
            }

            svg.Append("</g>");
        }

        return svg.Append($"</defs><use href=\"#l{depth}\"/></svg>").ToString();
    }

    /// <summary>One sheet of four employees, the third with a bad e-mail; then a hidden sheet of 3 million numbers.</summary>
    private static byte[] HiddenSheetBehindBadRow() => Mutate(
        Workbooks.Create(Workbooks.Header, ["Ada", "Lovelace", "ada@hostile.test", "fr", "", "", ""], ["Alan", "Turing", "alan@", "en", "", "", ""], ["Grace", "Hopper", "grace@hostile.test", "en", "", "", ""]),
        zip =>
        {
            Put(zip, "xl/worksheets/sheet2.xml", w =>
            {
                w.Write($"<worksheet xmlns=\"{Main}\"><sheetData>");
                for (var r = 1; r <= 30_000; r++)
                {
                    w.Write($"<row r=\"{r}\">");
                    for (var c = 0; c < 100; c++)
                    {
                        w.Write($"<c><v>{(r * 7919L) + (c * 104_729L)}</v></c>");
                    }

                    w.Write("</row>");
                }

                w.Write("</sheetData></worksheet>");
            });
            Edit(zip, "xl/workbook.xml", x => Regex.Replace(x, "</(\\w+:)?sheets>", m => $"<{m.Groups[1].Value}sheet name=\"Hidden\" sheetId=\"99\" state=\"veryHidden\" r:id=\"rIdHidden\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/>{m.Value}"));
            Edit(zip, "xl/_rels/workbook.xml.rels", x => x.Replace("</Relationships>", "<Relationship Id=\"rIdHidden\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/></Relationships>", StringComparison.Ordinal));
            Edit(zip, "[Content_Types].xml", x => x.Replace("</Types>", "<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>", StringComparison.Ordinal));
        });
}
