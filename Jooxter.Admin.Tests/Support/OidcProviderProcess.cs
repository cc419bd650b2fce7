using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Jooxter.Admin.Tests.Support;

/// <summary>An account of the test provider: what its login form accepts and the claims its userinfo endpoint returns.</summary>
public sealed record OidcAccount(string Login, string Sub, string? Email, bool? EmailVerified, string[] Groups, string? PreferredUsername = null);

/// <summary>
/// A real OpenID Connect provider (npm oidc-provider 9.13.3, the folder OidcProvider/) on a loopback port: authorization
/// code with PKCE, claims released from its userinfo endpoint only, a login form that signs in as any account.
/// Installs its npm packages on first use, so the README's one test command works on a fresh machine.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    private readonly Process _process;

    private OidcProviderProcess(Process process, string issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public const string ClientId = "jooxter-admin-e2e";
    public const string ClientSecret = "e2e-secret-not-used-anywhere-else";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<OidcProviderProcess> StartAsync(int port, string redirectUri, IEnumerable<OidcAccount> accounts)
    {
        var folder = Path.Combine(RepositoryRoot(), "Jooxter.Admin.Tests", "OidcProvider");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], folder);
        }

        var issuer = $"http://127.0.0.1:{port}";
        var config = Path.Combine(Path.GetTempPath(), $"jooxter-oidc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            issuer,
            port,
            clients = new[] { new { client_id = ClientId, client_secret = ClientSecret, redirect_uris = new[] { redirectUri }, post_logout_redirect_uris = Array.Empty<string>() } },
            accounts = accounts.Select(a => new
            {
                login = a.Login,
                sub = a.Sub,
                claims = new Dictionary<string, object?>
                {
                    ["email"] = a.Email,
                    ["email_verified"] = a.EmailVerified,
                    ["groups"] = a.Groups,
                    ["preferred_username"] = a.PreferredUsername ?? a.Login,
                }.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value),
            }),
        }));

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready?.StartsWith("READY", StringComparison.Ordinal) != true)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The test OpenID provider did not start: {ready}");
        }

        // Keep draining its output so it never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return new OidcProviderProcess(process, issuer);
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Jooxter.Admin.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Jooxter.Admin.sln) was not found above the test binaries.");
    }

    private static async Task RunAsync(string program, string[] args, string folder)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed in {folder}: {await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
