using System.Security.Cryptography;

namespace Jooxter.Admin.Infrastructure.Audit;

/// <summary>
/// The secret that keys the audit chain (HMAC-SHA256). It lives outside the database: in the setting
/// <c>Audit:ChainKey</c> (base64, at least 32 bytes; from a secret store in production) or, by default, in a file
/// beside the data-protection keys, created at first start. Someone who can rewrite the audit table but not read this
/// key cannot recompute a single valid link.
/// </summary>
public sealed class AuditKey
{
    public const string Setting = "Audit:ChainKey";
    public const string FileName = "audit-chain.key";

    private readonly byte[] _secret;

    public AuditKey(byte[] secret)
    {
        if (secret.Length < 32)
        {
            throw new InvalidOperationException($"{Setting} must be at least 32 bytes (base64).");
        }

        _secret = secret;
    }

    /// <summary>The key a context was opened with; every writer and reader of the chain needs it.</summary>
    public static AuditKey Of(Data.AdminDbContext db) =>
        db.AuditKey ?? throw new InvalidOperationException($"The audit chain key is not configured ({Setting}, or its key file): the audit chain can be neither written nor checked without it.");

    public byte[] Sign(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_secret, data);

    /// <summary>The HMAC written into <paramref name="destination"/> (32 bytes): nothing allocated.</summary>
    public int Sign(ReadOnlySpan<byte> data, Span<byte> destination) => HMACSHA256.HashData(_secret, data, destination);

    /// <summary>From the setting, or from the key file in <paramref name="keysFolder"/> (created with a fresh random key if missing).</summary>
    public static AuditKey Resolve(IConfiguration configuration, string keysFolder)
    {
        if (configuration[Setting] is { Length: > 0 } configured)
        {
            try
            {
                return new AuditKey(Convert.FromBase64String(configured));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{Setting} is not base64.");
            }
        }

        Directory.CreateDirectory(keysFolder);
        var path = Path.Combine(keysFolder, FileName);
        if (!File.Exists(path))
        {
            // Written whole under another name, then moved into place: an instance starting at the same moment reads
            // either no file or a complete key, never a half-written one. Readable by its owner only.
            var temporary = path + "." + Guid.NewGuid().ToString("N");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first: use theirs.
                File.Delete(temporary);
            }
        }

        return new AuditKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
