using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>Finds the header row (tolerantly) and turns the rows below it into employee rows. No database, no rules.</summary>
public static class EmployeeSheetParser
{
    /// <summary>How far down the sheet a header row is looked for: a title or notes may sit above it.</summary>
    public const int HeaderSearchRows = 20;

    public static ParsedSheet Parse(IEnumerable<SheetRow> rows, IProgress<ImportProgress>? progress = null)
    {
        var issues = new List<ImportIssue>();
        SheetRow? header = null;
        var seen = 0;
        var data = new List<EmployeeSheetRow>();
        Dictionary<ImportColumn, int>? columns = null;
        foreach (var row in rows)
        {
            if (header is null)
            {
                if (HeaderMatcher.LooksLikeHeader(row))
                {
                    header = row;
                    (columns, var unknown, var repeated) = HeaderMatcher.MapHeader(row);
                    issues.AddRange(HeaderMatcher.Required.Where(c => !columns.ContainsKey(c)).Select(c => new ImportIssue(row.Number, null, c, IssueSeverity.Error, "MissingColumn")));
                    issues.AddRange(repeated.Select(c => new ImportIssue(row.Number, WorkbookReader.ColumnName(columns[c]), c, IssueSeverity.Error, "RepeatedColumn")));
                    issues.AddRange(unknown.Select(u => new ImportIssue(row.Number, null, null, IssueSeverity.Warning, "IgnoredColumn", u)));
                }
                else if (++seen >= HeaderSearchRows)
                {
                    break;
                }

                continue;
            }

            data.Add(ToRow(row, columns!));
            if (data.Count % 5000 == 0)
            {
                progress?.Report(new ImportProgress("Reading", data.Count, null));
            }
        }

        if (header is null)
        {
            throw new WorkbookException(WorkbookProblem.NoHeaderRow, "No header row with at least two of: first name, last name, e-mail.");
        }

        progress?.Report(new ImportProgress("Reading", data.Count, data.Count));
        return new ParsedSheet(header.Number, columns!, data, issues);
    }

    private static EmployeeSheetRow ToRow(SheetRow row, Dictionary<ImportColumn, int> columns)
    {
        string? Get(ImportColumn column) => columns.TryGetValue(column, out var index) ? row.Get(index) : null;
        return new EmployeeSheetRow(
            row.Number,
            Get(ImportColumn.FirstName),
            Get(ImportColumn.LastName),
            Get(ImportColumn.Email),
            Get(ImportColumn.Language),
            Get(ImportColumn.Phone),
            Get(ImportColumn.Company),
            Get(ImportColumn.Building),
            Get(ImportColumn.Department),
            Get(ImportColumn.Groups),
            Get(ImportColumn.Profile));
    }
}
