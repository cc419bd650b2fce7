using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.People.Import;

public sealed class HeaderMatcherTests
{
    [Theory]
    [InlineData("Prénom", ImportColumn.FirstName)]
    [InlineData("PRENOM ", ImportColumn.FirstName)]
    [InlineData("first_name", ImportColumn.FirstName)]
    [InlineData("Nom", ImportColumn.LastName)]
    [InlineData("Last Name", ImportColumn.LastName)]
    [InlineData("E-mail", ImportColumn.Email)]
    [InlineData("e mail", ImportColumn.Email)]
    [InlineData("Courriel", ImportColumn.Email)]
    [InlineData("Téléphone", ImportColumn.Phone)]
    [InlineData("telephone", ImportColumn.Phone)]
    [InlineData("Département", ImportColumn.Department)]
    [InlineData("Groupes d'utilisateurs", ImportColumn.Groups)]
    [InlineData("Société", ImportColumn.Company)]
    public void Headers_match_whatever_their_case_accents_spaces_or_language(string header, ImportColumn column) =>
        HeaderMatcher.Match(header).ShouldBe(column);

    [Fact]
    public void Unknown_headers_do_not_match() => HeaderMatcher.Match("Date de naissance").ShouldBeNull();

    [Fact]
    public void The_header_is_found_below_a_title_and_unknown_columns_are_reported()
    {
        var rows = WorkbookReader.ReadFirstSheet(Workbooks.Create(
            ["Export RH novembre"],
            [],
            ["Nom", "Prénom", "Adresse e-mail", "Matricule"],
            ["Lovelace", "Ada", "ada@x.test", "123"])).ToList();

        var sheet = EmployeeSheetParser.Parse(rows);

        sheet.HeaderRow.ShouldBe(3);
        sheet.Rows.Single().Email.ShouldBe("ada@x.test");
        sheet.Issues.ShouldContain(i => i.Code == "IgnoredColumn" && i.Value == "Matricule" && i.Severity == IssueSeverity.Warning);
    }

    [Fact]
    public void A_sheet_without_a_recognisable_header_is_refused()
    {
        var rows = WorkbookReader.ReadFirstSheet(Workbooks.Create(["a", "b"], ["c", "d"])).ToList();

        Should.Throw<WorkbookException>(() => EmployeeSheetParser.Parse(rows)).Problem.ShouldBe(WorkbookProblem.NoHeaderRow);
    }
}

public sealed class ImportValuesTests
{
    [Theory]
    [InlineData("06 12 34 56 78", "FR", "+33612345678")]
    [InlineData("612345678", "FR", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "FR", "+33612345678")]
    [InlineData("0033612345678", "FR", "+33612345678")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+44 7911 123456", "FR", "+447911123456")]
    public void National_and_international_numbers_become_e164(string input, string country, string expected) =>
        ImportValues.NormalizePhone(input, country).ShouldBe((expected, true));

    [Theory]
    [InlineData("12")]
    [InlineData("not a phone")]
    [InlineData("06 12 34")]
    public void Impossible_numbers_are_refused(string input) => ImportValues.NormalizePhone(input, "FR").Valid.ShouldBeFalse();

    [Theory]
    [InlineData("Français", "fr")]
    [InlineData("FR", "fr")]
    [InlineData("english", "en")]
    [InlineData("en-GB", "en")]
    public void Languages_are_read_in_any_common_spelling(string input, string expected) =>
        ImportValues.ParseLanguage(input).ShouldBe((expected, true));

    [Fact]
    public void An_unsupported_language_is_refused_and_blank_is_fine()
    {
        ImportValues.ParseLanguage("Deutsch").Valid.ShouldBeFalse();
        ImportValues.ParseLanguage("  ").ShouldBe((null, true));
    }

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("ada.lovelace+hr@sub.example.fr", true)]
    [InlineData("ada@", false)]
    [InlineData("ada@localhost", false)]
    [InlineData("Ada <ada@example.com>", false)]
    [InlineData("a b@example.com", false)]
    [InlineData("a@b@example.com", false)]
    public void Email_format_is_checked(string email, bool valid) => Jooxter.Admin.Features.Shared.EmailAddresses.IsValid(email).ShouldBe(valid);
}

public sealed class RowValidationAndPlanningTests
{
    private static readonly Guid Finance = Guid.NewGuid();
    private static readonly Guid Product = Guid.NewGuid();

    private static ReferenceLists Lists()
    {
        var lists = new ReferenceLists();
        lists.Departments[ReferenceLists.Key("Finance")] = Finance;
        lists.Groups[ReferenceLists.Key("Équipe Produit")] = Product;
        return lists;
    }

    private static ParsedSheet Sheet(params object?[][] rows) =>
        EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(Workbooks.Create([Workbooks.Header, .. rows])).ToList());

    [Fact]
    public void Each_row_problem_names_its_row_column_and_reason()
    {
        var sheet = Sheet(
            ["Ada", "Lovelace", "ada@x.test", "fr", "0612345678", "finance", "equipe produit"],
            ["", "Byron", "byron@", "klingon", "12", "Marketing", ""],
            ["Ada", "Again", "ADA@X.TEST", "", "", "", ""]);

        var (valid, issues, _) = EmployeeRowValidator.Validate(sheet, Lists(), "FR", new ImportOptions());

        valid.Select(v => v.Row).ShouldBe([2]);
        valid[0].DepartmentId.ShouldBe(Finance);
        valid[0].GroupIds.ShouldBe([Product]);
        valid[0].Phone.ShouldBe("+33612345678");
        issues.Select(i => (i.Row, i.Column, i.Code)).ShouldBe(
        [
            (3, "A", "Required"),
            (3, "C", "InvalidEmail"),
            (3, "D", "InvalidLanguage"),
            (3, "E", "InvalidPhone"),
            (3, "F", "UnknownCreatable"),
            (4, "C", "DuplicateEmail"),
        ]);
    }

    [Fact]
    public void Unknown_list_entries_become_warnings_when_creating_them_is_allowed()
    {
        var sheet = Sheet(["Ada", "Lovelace", "ada@x.test", "", "", "Marketing", "Nouveaux; Équipe produit"]);

        var (valid, issues, toCreate) = EmployeeRowValidator.Validate(sheet, Lists(), "FR", new ImportOptions(CreateMissingLists: true));

        valid.Count.ShouldBe(1);
        issues.ShouldAllBe(i => i.Severity == IssueSeverity.Warning && i.Code == "WillCreate");
        toCreate.Select(c => (c.List, c.Name)).ShouldBe([(ImportColumn.Department, "Marketing"), (ImportColumn.Groups, "Nouveaux")]);
    }

    [Fact]
    public void A_new_list_value_is_named_once_with_its_first_row_and_count()
    {
        var sheet = Sheet(
            ["Ada", "Lovelace", "ada@x.test", "", "", "Marketing", ""],
            ["Alan", "Turing", "alan@x.test", "", "", "marketing", "Nouveaux"],
            ["Grace", "Hopper", "grace@x.test", "", "", "Marketing ", "Nouveaux"]);

        var (valid, issues, _) = EmployeeRowValidator.Validate(sheet, Lists(), "FR", new ImportOptions(CreateMissingLists: true));

        valid.Count.ShouldBe(3);
        issues.Select(i => (i.Row, i.Field, i.Code, i.Value)).OrderBy(i => i.Row).ShouldBe([
            (2, (ImportColumn?)ImportColumn.Department, "WillCreate", "Marketing × 3"),
            (3, ImportColumn.Groups, "WillCreate", "Nouveaux × 2"),
        ]);
    }

    [Fact]
    public void Planning_sorts_rows_into_created_updated_unchanged_and_deactivated()
    {
        var sheet = Sheet(
            ["Ada", "Lovelace", "ada@x.test", "fr", "", "Finance", ""],
            ["Alan", "Turing", "ALAN@X.TEST", "", "", "Finance", ""],
            ["Grace", "Hopper", "grace@x.test", "", "", "", ""]);
        var (valid, _, _) = EmployeeRowValidator.Validate(sheet, Lists(), "FR", new ImportOptions());
        var me = Guid.NewGuid();
        var existing = new Dictionary<string, ExistingEmployee>
        {
            ["ADA@X.TEST"] = Existing("Ada", "Lovelace", "ada@x.test", Finance),
            ["ALAN@X.TEST"] = Existing("Alan", "Turing", "alan@x.test", Finance),
            ["GONE@X.TEST"] = Existing("Gone", "Away", "gone@x.test", null),
            ["ME@X.TEST"] = Existing("Me", "Myself", "me@x.test", null) with { Id = me },
        };

        var plan = EmployeeImportPlanner.Plan(valid, sheet.Columns.Keys.ToList(), existing, new ImportOptions(DeactivateMissing: true), me);

        plan.Creates.Select(c => c.Email).ShouldBe(["grace@x.test"]);
        plan.Unchanged.ShouldBe(1);
        plan.Updates.Single().ChangedFields.ShouldBe(["Email"]); // only the case of the address changed
        plan.Deactivations.Select(d => d.Email).ShouldBe(["gone@x.test"]); // never the person importing
    }

    [Fact]
    public void Columns_absent_from_the_file_are_left_alone()
    {
        var sheet = EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(Workbooks.Create(["First name", "Last name", "Email"], ["Ada", "Lovelace", "ada@x.test"])).ToList());
        var (valid, _, _) = EmployeeRowValidator.Validate(sheet, Lists(), "FR", new ImportOptions());
        var current = Existing("Ada", "Lovelace", "ada@x.test", Finance) with { Phone = "+33612345678", GroupIds = new HashSet<Guid> { Product } };

        EmployeeImportPlanner.Differences(valid.Single(), current, sheet.Columns.Keys.ToList()).ShouldBeEmpty();
    }

    private static ExistingEmployee Existing(string first, string last, string email, Guid? department) =>
        new(Guid.NewGuid(), Employee.NormalizeEmail(email), first, last, email, "fr", null, null, null, department, null, EmployeeStatus.Active, new HashSet<Guid>());
}
