using System.IO.Compression;
using System.Text;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.People.Import;

public sealed class WorkbookReaderTests
{
    [Fact]
    public void Cells_are_trimmed_numbers_keep_their_digits_and_dates_read_as_iso()
    {
        var file = Workbooks.Create(
            ["  Ada  ", 612345678, new DateTime(2024, 3, 1), 1.5],
            [null, null, null, null],
            ["x", null, null, "y"]);

        var rows = WorkbookReader.ReadFirstSheet(file).ToList();

        rows.Select(r => r.Number).ShouldBe([1, 3]);
        rows[0].Get(0).ShouldBe("Ada");
        rows[0].Get(1).ShouldBe("612345678");
        rows[0].Get(2).ShouldBe("2024-03-01");
        rows[0].Get(3).ShouldBe("1.5");
        rows[1].Get(1).ShouldBe("");
        rows[1].Get(3).ShouldBe("y");
    }

    [Theory]
    [InlineData("A", 0)]
    [InlineData("Z", 25)]
    [InlineData("AA", 26)]
    [InlineData("AZ12", 51)]
    public void Column_letters_map_to_indexes_and_back(string reference, int index)
    {
        WorkbookReader.ColumnIndex(reference).ShouldBe(index);
        WorkbookReader.ColumnName(index).ShouldBe(new string(reference.TakeWhile(char.IsLetter).ToArray()));
    }

    [Theory]
    [InlineData("dd/mm/yyyy", true)]
    [InlineData("[$-40C]d mmmm yyyy", true)]
    [InlineData("0.00", false)]
    [InlineData("\"Day\" 0", false)]
    [InlineData("[Red]0", false)]
    public void Date_formats_are_told_from_number_formats(string code, bool isDate) =>
        WorkbookReader.IsDateFormatCode(code).ShouldBe(isDate);

    [Fact]
    public void Bad_files_are_named_for_what_they_are()
    {
        Problem([]).ShouldBe(WorkbookProblem.Empty);
        Problem(Encoding.UTF8.GetBytes("first,last,email\nAda,Lovelace,ada@x.test")).ShouldBe(WorkbookProblem.NotAWorkbook);
        Problem([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]).ShouldBe(WorkbookProblem.LegacyXls);
        Problem([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. Encoding.Unicode.GetBytes("EncryptionInfo")]).ShouldBe(WorkbookProblem.PasswordProtected);
        Problem(new byte[WorkbookReader.MaxFileBytes + 1]).ShouldBe(WorkbookProblem.TooLarge);

        var valid = Workbooks.Create(["a"]);
        Problem(valid[..(valid.Length / 2)]).ShouldBe(WorkbookProblem.Corrupt);
        Problem(ZipWith("word/document.xml", "<w:document/>")).ShouldBe(WorkbookProblem.NotAWorkbook);
    }

    [Fact]
    public void A_million_empty_formatted_rows_read_as_nothing_and_stay_small()
    {
        var file = SheetXml(rows => { for (var r = 2; r <= 1_000_000; r++) rows.Append("<row r=\"").Append(r).Append("\" s=\"1\" customFormat=\"1\"><c r=\"A").Append(r).Append("\" s=\"1\"/></row>"); });
        ((long)file.Length).ShouldBeLessThan(WorkbookReader.MaxFileBytes);

        var rows = WorkbookReader.ReadFirstSheet(file).ToList();

        rows.Count.ShouldBe(1);
        rows[0].Get(0).ShouldBe("Prénom");
    }

    [Fact]
    public void A_part_nested_deeper_than_any_spreadsheet_is_refused_before_parsing()
    {
        var file = Workbooks.Create(["Prénom", "Nom", "E-mail"]);
        using var output = new MemoryStream();
        output.Write(file);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("xl/sharedStrings.xml")?.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml").Open());
            writer.Write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si>");
            for (var i = 0; i < 5000; i++) writer.Write("<r>");
            for (var i = 0; i < 5000; i++) writer.Write("</r>");
            writer.Write("</si></sst>");
        }

        Problem(output.ToArray()).ShouldBe(WorkbookProblem.TooDeep);
    }

    private static WorkbookProblem? Problem(byte[] content)
    {
        try
        {
            _ = WorkbookReader.ReadFirstSheet(content).ToList();
            return null;
        }
        catch (WorkbookException error)
        {
            return error.Problem;
        }
    }

    private static byte[] ZipWith(string name, string text)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }

        return output.ToArray();
    }

    /// <summary>A minimal workbook whose first row holds a header and whose sheet body is written by the caller, compressed.</summary>
    private static byte[] SheetXml(Action<StringBuilder> moreRows)
    {
        var baseFile = Workbooks.Create(["Prénom", "Nom", "E-mail"]);
        using var output = new MemoryStream();
        output.Write(baseFile);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var extra = new StringBuilder();
            moreRows(extra);
            xml = xml.Replace("</row></sheetData>", "</row>" + extra + "</sheetData>", StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open());
            writer.Write(xml);
        }

        return output.ToArray();
    }
}
