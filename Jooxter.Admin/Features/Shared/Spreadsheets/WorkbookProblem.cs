namespace Jooxter.Admin.Features.Shared.Spreadsheets;

/// <summary>Why a file cannot be read as a workbook at all. Each has a message key (<c>Import.Problem.*</c>) the pages and the command line show.</summary>
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

    /// <summary>More files inside the archive than any workbook holds.</summary>
    TooManyParts,

    /// <summary>A part inside the archive expands beyond what a workbook of this size can hold (a zip bomb, or bloat no real file has).</summary>
    Oversized,

    /// <summary>XML nested deeper than any spreadsheet program writes.</summary>
    TooDeep,

    /// <summary>Row numbers that are not whole numbers from 1 to 1,048,576 in increasing order.</summary>
    BadRowNumber,

    /// <summary>A cell holds more than Excel's 32,767 characters.</summary>
    CellTooLong,
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
