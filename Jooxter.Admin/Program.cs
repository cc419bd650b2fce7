using Jooxter.Admin.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddJooxterAdmin();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.MapJooxterAdmin();
await app.RunAsync();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
