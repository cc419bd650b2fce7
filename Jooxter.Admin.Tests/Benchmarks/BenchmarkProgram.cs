namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Entry point of the test assembly when run as a program. Benchmarks print figures and a baseline measured in the
/// same run; they are not tests and never fail on a slow machine.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["probe", var kind, var file])
        {
            return Support.Hostile.HostileProbe.Probe(kind, file);
        }

        if (args is ["read-closedxml", var workbook])
        {
            Console.WriteLine(ImportBenchmark.ReadEveryCellWithClosedXml(File.ReadAllBytes(workbook)));
            return 0;
        }

        if (args is ["bench", "cli-import", ..])
        {
            var rows = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 50_000;
            await ImportBenchmark.RunCommandLineAsync(rows, Console.Out);
            return 0;
        }

        if (args is ["bench", "hostile"])
        {
            await HostileBenchmark.RunAsync(Console.Out);
            return 0;
        }

        if (args is ["bench", "import-employees", ..])
        {
            var rows = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 50_000;
            await ImportBenchmark.RunAsync(rows, Console.Out);
            return 0;
        }

        if (args is ["bench", "directory", ..])
        {
            var rows = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 100_000;
            await DirectoryBenchmark.RunAsync(rows, Console.Out);
            return 0;
        }

        if (args is ["bench", "places", ..])
        {
            var rows = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 5_000;
            await PlacesBenchmark.RunAsync(rows, Console.Out);
            return 0;
        }

        if (args is ["bench", "reservations", ..])
        {
            var customers = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 2;
            await ReservationBenchmark.RunAsync(customers, Console.Out);
            return 0;
        }

        if (args is ["bench", "occupancy", ..])
        {
            var circuits = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 200;
            await OccupancyBenchmark.RunAsync(circuits, Console.Out);
            return 0;
        }

        if (args is ["bench", "privacy", ..])
        {
            var years = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 5;
            await PrivacyBenchmark.RunAsync(years, Console.Out);
            return 0;
        }

        Console.Error.WriteLine("usage: bench privacy [years] | bench occupancy [circuits] | bench hostile | bench import-employees [rows] | bench cli-import [rows] | bench directory [employees] | bench places [spaces] | bench reservations [customers]");
        return 2;
    }
}
