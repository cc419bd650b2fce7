using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.People.Import;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>What is wrong (or worth knowing) about one row and column. <see cref="Code"/> is also the message key suffix.</summary>
public sealed record ImportIssue(int Row, string? Column, ImportColumn? Field, IssueSeverity Severity, string Code, string? Value = null);

public sealed record ImportOptions(bool DeactivateMissing = false, bool CreateMissingLists = false, bool SkipRowsWithErrors = false);

/// <summary>A data row as read from the sheet, trimmed; only columns present in the file are non-null.</summary>
public sealed record EmployeeSheetRow(
    int Row,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Language,
    string? Phone,
    string? Company,
    string? Building,
    string? Department,
    string? Groups,
    string? Profile);

/// <summary>The header found and the data rows below it.</summary>
public sealed record ParsedSheet(int HeaderRow, IReadOnlyDictionary<ImportColumn, int> Columns, IReadOnlyList<EmployeeSheetRow> Rows, IReadOnlyList<ImportIssue> Issues)
{
    public bool Has(ImportColumn column) => Columns.ContainsKey(column);

    public string ColumnLabel(ImportColumn column) => Columns.TryGetValue(column, out var index) ? WorkbookReader.ColumnName(index) : column.ToString();
}

/// <summary>A row that passed validation, with every value normalised and every reference resolved to an id.</summary>
public sealed record ValidRow(
    int Row,
    string FirstName,
    string LastName,
    string Email,
    string NormalizedEmail,
    string? Language,
    string? Phone,
    Guid? CompanyId,
    Guid? BuildingId,
    Guid? DepartmentId,
    IReadOnlyList<Guid>? GroupIds,
    Guid? ProfileId);

public sealed record ImportSummary(int DataRows, int Created, int Updated, int Unchanged, int Deactivated, int RowsWithErrors, int Warnings)
{
    public static readonly ImportSummary Empty = new(0, 0, 0, 0, 0, 0, 0);
}

/// <summary>What an import would do (preview) or did (commit).</summary>
public sealed record ImportReport(ImportSummary Summary, IReadOnlyList<ImportIssue> Issues, bool Committed, WorkbookProblem? FileProblem = null)
{
    public bool HasErrors => FileProblem is not null || Issues.Any(i => i.Severity == IssueSeverity.Error);

    public static ImportReport BadFile(WorkbookException error) => new(ImportSummary.Empty, [], false, error.Problem);
}

public sealed record ImportProgress(string Stage, int Done, int? Total);

/// <summary>
/// An uploaded workbook and, once read, its parsed rows. Reading is pure, so the preview's reading is reused by the
/// commit of the same file; checking against the database is always done again at commit.
/// </summary>
public sealed class ImportFile(byte[] content, string fileName)
{
    private Task<ParsedSheet>? _parsing;

    public byte[] Content { get; } = content;

    public string FileName { get; } = fileName;

    /// <summary>
    /// The file's rows, read once on a worker thread: a caller may start the reading early (the command line does, while
    /// the database opens) and every later call shares it. Progress goes to the first caller's reporter. A file that
    /// cannot be read throws its <see cref="WorkbookException"/> to every caller. A caller's token cancels its own
    /// wait, never the shared reading. Called from one thread at a time (a circuit, or the command line).
    /// </summary>
    public Task<ParsedSheet> ParseAsync(IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        _parsing ??= Task.Run(() => EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(Content), progress), CancellationToken.None);
        return _parsing.WaitAsync(ct);
    }

    private (string Inputs, (List<ValidRow> Valid, List<ImportIssue> Issues, List<ListToCreate> ToCreate) Result)? _checked;

    /// <summary>
    /// The rows checked against the customer's lists: the preview's checks are reused by the commit when nothing they
    /// depend on changed (same lists, country and options), and run again otherwise.
    /// </summary>
    public (List<ValidRow> Valid, List<ImportIssue> Issues, List<ListToCreate> ToCreate) Check(ParsedSheet sheet, Guid tenantId, ReferenceLists lists, string countryCode, ImportOptions options)
    {
        var inputs = EmployeeRowValidator.InputsKey(tenantId, lists, countryCode, options);
        if (_checked is { } done && done.Inputs == inputs)
        {
            return done.Result;
        }

        var result = EmployeeRowValidator.Validate(sheet, lists, countryCode, options);
        _checked = (inputs, result);
        return result;
    }
}
