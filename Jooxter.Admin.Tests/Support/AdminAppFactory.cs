using System.Net;
using System.Text.RegularExpressions;
using Jooxter.Admin.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Jooxter.Admin.Tests.Support;

/// <summary>The whole console on a real SQLite file with the demo data, as `dotnet run` starts it.</summary>
public class AdminAppFactory : WebApplicationFactory<Program>
{
    /// <summary>The SQLite file; two factories given the same one are two instances of one console.</summary>
    public string DatabasePath { get; init; } = TestDatabase.NewPath();

    public CapturingLoggerProvider Logs { get; } = new();

    public string EnvironmentName { get; init; } = "Development";

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>When set, the console reads time from this clock (Microsoft.Extensions.TimeProvider.Testing) instead of the system's.</summary>
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:DemoData", "true");
        // The gateway simulator of Development would move the demo under the tests' feet.
        builder.UseSetting("Simulator:Enabled", "false");
        // Retention and the DPOs' daily digest are run by the tests that check them, on their own clock.
        builder.UseSetting("Privacy:Housekeeping", "false");
        // Tests sign in far more often than a person: the limit is tested on its own with a low value.
        builder.UseSetting("Authentication:SignInAttemptsPerMinute", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddProvider(Logs);
        });
    }

    public AdminDbContext OpenForTenant(Guid tenantId) => Services.CreateScope().ServiceProvider.GetRequiredService<AdminDatabase>().OpenForTenant(tenantId, null, "test");

    public AdminDbContext OpenSystemDb() => Services.CreateScope().ServiceProvider.GetRequiredService<AdminDatabase>().OpenSystem("test");

    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real demo sign-in form and returns the client holding the cookie.</summary>
    public async Task<(HttpClient Client, HttpResponseMessage Response)> SignInAsync(string email)
    {
        var client = CreateBrowserlessClient();
        var response = await PostDemoSignInAsync(client, email);
        return (client, response);
    }

    /// <summary>Posts the demo page's "other identity" form: an e-mail and its customer (by default the one its domain names).</summary>
    public static async Task<HttpResponseMessage> PostDemoSignInAsync(HttpClient client, string email, string returnUrl = "/", string? tenantSlug = null)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, "/signin"),
            ["email"] = email,
            ["tenant"] = tenantSlug ?? ServiceCaller.TenantSlugOf(email),
            ["returnUrl"] = returnUrl,
        });
        return await client.PostAsync("/account/demo-signin", form);
    }

    /// <summary>Posts a form the way a page of the console does, with the antiforgery token the page carries.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string tokenPage = "/signin")
    {
        fields["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client, tokenPage);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var input = AntiforgeryInput().Match(html).Value;
        var token = Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value;
        token.ShouldNotBeNullOrEmpty();
        return WebUtility.HtmlDecode(token);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                File.Delete(DatabasePath + suffix);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Regex AntiforgeryInput() => new("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>");
}

/// <summary>Keeps every log line so tests can check that no personal data reaches the logs.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AdminAppFactory>
{
    public const string Name = "console";
}
