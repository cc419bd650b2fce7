using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places.Import;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Features.Shared.Spreadsheets;

namespace Jooxter.Admin.Tests.Support.Hostile;

/// <summary>
/// What the console does with an uploaded file before anything is written, as one call per kind, so that the same
/// code runs in the test process (answers) and in a child process (memory of the whole process, the peak the kernel counted for it).
/// </summary>
public static class HostileProbe
{
    /// <summary>The problem key the console shows, or <see cref="HostileCorpus.Accepted"/> with the cleaned bytes.</summary>
    public static (string Answer, byte[]? Kept) Run(HostileKind kind, byte[] content)
    {
        switch (kind)
        {
            case HostileKind.Workbook:
                var employees = Catch(() => EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(content)));
                var beacons = Catch(() => BeaconImport.Parse(content));
                // Every import reads with the one reader: the beacon import refuses the file alike, or stops sooner because
                // no beacon header is among the first rows (it reads no further than that).
                return (beacons == employees || beacons == "Import.Problem.NoHeaderRow" ? employees : $"{employees} (beacons: {beacons})", null);
            case HostileKind.ErrorWorkbook:
                var parsed = EmployeeSheetParser.Parse(WorkbookReader.ReadFirstSheet(content));
                var annotated = ImportErrorWorkbook.Annotate(content, new Dictionary<int, string> { [3] = "C: invalid e-mail" }, parsed.HeaderRow, "Errors");
                return (HostileCorpus.Accepted, annotated);
            case HostileKind.Plan:
                var plan = content.Length > FloorPlan.MaxBytes ? (null, null, 0, 0, "Plan.TooLarge") : PlanService.Inspect(content);
                return plan.Problem is { } problem ? (problem, null) : (HostileCorpus.Accepted, plan.Content);
            default:
                var (jpeg, photoProblem) = PhotoProcessor.Normalize(content);
                return photoProblem is { } p ? ($"Photo.{p}", null) : (HostileCorpus.Accepted, jpeg);
        }
    }

    private static string Catch(Action read)
    {
        try
        {
            read();
            return HostileCorpus.Accepted;
        }
        catch (WorkbookException error)
        {
            return $"Import.Problem.{error.Problem}";
        }
    }

    /// <summary>Entry of the child process: <c>probe &lt;kind&gt; &lt;file&gt;</c> prints <c>ANSWER &lt;key&gt;</c>.</summary>
    public static int Probe(string kind, string file)
    {
        var (answer, _) = Run(Enum.Parse<HostileKind>(kind), File.ReadAllBytes(file));
        Console.WriteLine($"ANSWER {answer}");
        return 0;
    }
}
