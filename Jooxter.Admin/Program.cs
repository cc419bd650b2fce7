using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Infrastructure.Hosting;

if (EmployeeImportCommand.Matches(args))
{
    return await EmployeeImportCommand.RunAsync(args, Console.Out, Console.Error);
}

if (Jooxter.Admin.Features.Occupancy.Simulation.SimulateCommand.Matches(args))
{
    return await Jooxter.Admin.Features.Occupancy.Simulation.SimulateCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddJooxterAdmin();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.MapJooxterAdmin();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
