using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;

namespace Jooxter.Admin.Tests.Support;

/// <summary>
/// A real SMTP server (the smtp4dev dotnet tool, 3.15.0, from the repository's tool manifest) on loopback ports, kept in
/// memory; what it received is read back through its HTTP API as parsed MIME messages. Stopping it and starting it
/// again on the same ports is how the tests take the mail server down.
/// </summary>
public sealed class Smtp4devProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim Restore = new(1, 1);
    private static bool _restored;
    private readonly Process _process;
    private readonly HttpClient _api;

    private Smtp4devProcess(Process process, int smtpPort, int apiPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        ApiPort = apiPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
    }

    public int SmtpPort { get; }

    public int ApiPort { get; }

    public static async Task<Smtp4devProcess> StartAsync(int? smtpPort = null, int? apiPort = null)
    {
        var root = OidcProviderProcess.RepositoryRoot();
        await Restore.WaitAsync();
        try
        {
            if (!_restored)
            {
                using var restore = Process.Start(new ProcessStartInfo("dotnet", "tool restore") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true })!;
                await restore.WaitForExitAsync();
                _restored = true;
            }
        }
        finally
        {
            Restore.Release();
        }

        var smtp = smtpPort ?? OidcProviderProcess.FreePort();
        var api = apiPort ?? OidcProviderProcess.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "tool", "run", "smtp4dev", "--", $"--smtpport={smtp}", "--imapport=0", "--pop3port=0", $"--urls=http://127.0.0.1:{api}", "--db=", "--hostname=localhost", "--messagestokeep=100000" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Smtp4devProcess(process, smtp, api);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited with {process.ExitCode}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", smtp);
                if ((await server._api.GetAsync("/api/messages")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception error) when (error is SocketException or HttpRequestException)
            {
                // Not up yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException("smtp4dev did not start within 60 s");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Every message received so far (or only those to one address), parsed.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync(string? to = null)
    {
        var json = await _api.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=100000");
        var items = json.ValueKind == JsonValueKind.Array ? json : json.GetProperty("results");
        var messages = new List<MimeMessage>();
        foreach (var item in items.EnumerateArray())
        {
            if (to is not null && !item.GetProperty("to").EnumerateArray().Any(a => a.GetString()?.Contains(to, StringComparison.OrdinalIgnoreCase) == true))
            {
                continue;
            }

            var id = item.GetProperty("id").GetString();
            using var response = await _api.GetAsync($"/api/messages/{id}/raw");
            if (!response.IsSuccessStatusCode)
            {
                continue;
            }

            await using var source = await response.Content.ReadAsStreamAsync();
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer);
            buffer.Position = 0;
            messages.Add(await MimeMessage.LoadAsync(buffer));
        }

        return messages;
    }

    /// <summary>Waits until a message to this address matches, or fails after the timeout.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = (await MessagesAsync(to)).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address.Equals(to, StringComparison.OrdinalIgnoreCase)) && match(m));
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching message to {to} arrived.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
