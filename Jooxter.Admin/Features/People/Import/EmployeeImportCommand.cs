using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Hosting;
using Jooxter.Admin.Resources;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>
/// <c>dotnet Jooxter.Admin.dll import employees &lt;file.xlsx&gt; --tenant &lt;slug&gt; [--dry-run] [--deactivate-missing]
/// [--create-missing] [--skip-errors] [--json]</c>: the console's import for scheduled HR automation, against the database
/// the console uses (same settings: appsettings.json, environment variables). Exit code 0 when the file is clean
/// (committed, or checked with --dry-run), 1 when the file has errors (nothing written), 2 for a usage or setup problem.
/// </summary>
public static class EmployeeImportCommand
{
    public const int Ok = 0;
    public const int FileHasErrors = 1;
    public const int UsageError = 2;

    private static readonly ResourceManager Texts = new(typeof(SharedResource));
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static bool Matches(string[] args) => args.Length >= 2 && args[0] == "import" && args[1] == "employees";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (!TryParse(args, out var command, out var problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync("usage: import employees <file.xlsx> --tenant <tenant> [--dry-run] [--deactivate-missing] [--create-missing] [--skip-errors] [--json]");
            return UsageError;
        }

        if (!File.Exists(command.File))
        {
            await error.WriteLineAsync($"File not found: {command.File}");
            return UsageError;
        }

        // The file is read on one core while the database is opened (its model built, its migrations checked) on the
        // other: both take about a second on their own. A file that cannot be read is reported by the import below.
        var file = new ImportFile(await File.ReadAllBytesAsync(command.File, ct), command.File);
        // Observed here too, so that a run that stops before the import (an unknown customer) leaves no unobserved fault.
        _ = file.ParseAsync(null, ct).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var builder = Host.CreateApplicationBuilder(command.ConfigurationArgs);
        var databaseOptions = AdminDatabase.ForCommandLine(builder);
        var clock = TimeProvider.System;
        if (databaseOptions.MigrateAtStartup)
        {
            await using var migrate = AdminDatabase.Create(databaseOptions, DataScope.System("cli"), clock);
            await DatabaseInitializer.MigrateAsync(migrate, ct);
        }

        Tenant? tenant;
        await using (var system = AdminDatabase.Create(databaseOptions, DataScope.System("cli"), clock))
        {
            var slug = Tenant.NormalizeSlug(command.Tenant);
            tenant = await system.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, ct);
        }

        if (tenant is null)
        {
            await error.WriteLineAsync($"Unknown tenant: {command.Tenant}");
            return UsageError;
        }

        await using var db = AdminDatabase.Create(databaseOptions, DataScope.ForTenant(tenant.Id, null, "cli"), clock);
        var report = await new EmployeeImporter(clock).RunAsync(db, tenant, file, command.Options, commit: !command.DryRun, null, "cli", null, ct);

        if (command.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(command, report), JsonOptions));
        }
        else
        {
            await WriteTextAsync(output, command, report);
        }

        return report.FileProblem is not null || (report.HasErrors && !(command.Options.SkipRowsWithErrors && report.Committed)) ? FileHasErrors : Ok;
    }

    /// <summary>Values of personal columns are not printed: the command's output ends up in schedulers' logs.</summary>
    private static string? PrintableValue(ImportIssue issue) =>
        issue.Field is ImportColumn.FirstName or ImportColumn.LastName or ImportColumn.Email or ImportColumn.Phone ? null : issue.Value;

    public static string Describe(ImportIssue issue) =>
        Texts.GetString($"Import.Issue.{issue.Code}", English) ?? issue.Code;

    public static string DescribeProblem(WorkbookProblem problem) =>
        Texts.GetString($"Import.Problem.{problem}", English) ?? problem.ToString();

    private static async Task WriteTextAsync(TextWriter output, ImportCommandLine command, ImportReport report)
    {
        await output.WriteLineAsync($"File: {Path.GetFileName(command.File)} (tenant {command.Tenant})");
        if (report.FileProblem is { } problem)
        {
            await output.WriteLineAsync($"The file cannot be imported: {DescribeProblem(problem)}");
            return;
        }

        var s = report.Summary;
        await output.WriteLineAsync($"Rows: {s.DataRows}  Create: {s.Created}  Update: {s.Updated}  Unchanged: {s.Unchanged}  Deactivate: {s.Deactivated}");
        await output.WriteLineAsync($"Rows with errors: {s.RowsWithErrors}  Warnings: {s.Warnings}");
        foreach (var issue in report.Issues)
        {
            var where = issue.Column is null ? $"Row {issue.Row}" : $"Row {issue.Row}, column {issue.Column}";
            var field = issue.Field is null ? "" : $" ({issue.Field})";
            var value = PrintableValue(issue) is { } v ? $": {v}" : "";
            await output.WriteLineAsync($"  {issue.Severity.ToString().ToUpperInvariant()} {where}{field}: {Describe(issue)}{value}");
        }

        await output.WriteLineAsync(report.Committed
            ? "Committed."
            : command.DryRun ? "Dry run: nothing was written." : "Nothing was written: fix the errors (or use --skip-errors) and run again.");
    }

    private static object ToJson(ImportCommandLine command, ImportReport report) => new
    {
        file = Path.GetFileName(command.File),
        tenant = command.Tenant,
        dryRun = command.DryRun,
        committed = report.Committed,
        fileProblem = report.FileProblem?.ToString(),
        fileProblemMessage = report.FileProblem is { } p ? DescribeProblem(p) : null,
        summary = report.Summary,
        issues = report.Issues.Select(i => new
        {
            sheetRow = i.Row,
            column = i.Column,
            field = i.Field?.ToString(),
            severity = i.Severity.ToString(),
            code = i.Code,
            message = Describe(i),
            value = PrintableValue(i),
        }),
    };

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    private sealed record ImportCommandLine(string File, string Tenant, bool DryRun, bool Json, ImportOptions Options, string[] ConfigurationArgs);

    private static bool TryParse(string[] args, out ImportCommandLine command, out string problem)
    {
        command = null!;
        problem = "";
        string? file = null;
        string? tenant = null;
        bool dryRun = false, json = false, deactivate = false, create = false, skip = false;
        var configuration = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--tenant" when i + 1 < args.Length: tenant = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                case "--json": json = true; break;
                case "--deactivate-missing": deactivate = true; break;
                case "--create-missing": create = true; break;
                case "--skip-errors": skip = true; break;
                case var option when option.StartsWith("--", StringComparison.Ordinal) && option.Contains(':', StringComparison.Ordinal):
                    // Configuration overrides such as --Database:ConnectionString=..., as the console accepts them.
                    configuration.Add(option);
                    if (!option.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                    {
                        configuration.Add(args[++i]);
                    }

                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    problem = $"Unknown option: {option}";
                    return false;
                default:
                    if (file is not null)
                    {
                        problem = $"Only one file can be imported at a time: {args[i]}";
                        return false;
                    }

                    file = args[i];
                    break;
            }
        }

        if (file is null || string.IsNullOrWhiteSpace(tenant))
        {
            problem = file is null ? "Missing the workbook to import." : "Missing --tenant <tenant>.";
            return false;
        }

        command = new ImportCommandLine(file, tenant, dryRun, json, new ImportOptions(deactivate, create, skip), [.. configuration]);
        return true;
    }
}
