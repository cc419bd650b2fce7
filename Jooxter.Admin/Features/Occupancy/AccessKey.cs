using System.Security.Cryptography;
using System.Text;
using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Occupancy;

public enum AccessKeyPurpose
{
    /// <summary>Gateways and the mobile app post sightings with it (<c>POST /api/v1/detections</c>).</summary>
    Ingestion,

    /// <summary>Lobby screens subscribe to the occupancy hub with it: counts only.</summary>
    Display,

    /// <summary>Power BI (or another reporting tool) reads the aggregate occupancy feed with it: no identity.</summary>
    Analytics,
}

/// <summary>
/// A customer's key for machines (gateways, lobby screens). Only a hash of the secret is stored: the key is shown
/// once, when it is created or rotated. The public identifier in front of the secret finds the row without a scan.
/// </summary>
public sealed class AccessKey : TenantEntity
{
    public const string Prefix = "jx";

    public required string Name { get; set; }

    public AccessKeyPurpose Purpose { get; set; }

    /// <summary>Public part of the key, unique across customers (it says which row to check, nothing more).</summary>
    public required string KeyId { get; set; }

    /// <summary>SHA-256 of the secret part, hex.</summary>
    public required string SecretHash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? RotatedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public bool IsActive => RevokedAtUtc is null;

    /// <summary>A new secret for this key; the previous one stops working at once. Returns the whole key, to show once.</summary>
    public string IssueSecret()
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        SecretHash = Hash(secret);
        return $"{Prefix}_{KeyId}_{secret}";
    }

    public static AccessKey Create(string name, AccessKeyPurpose purpose, DateTime nowUtc, out string plainKey)
    {
        var key = new AccessKey { Name = name.Trim(), Purpose = purpose, KeyId = Base64Url(RandomNumberGenerator.GetBytes(9)).Replace('_', 'x').Replace('-', 'y'), SecretHash = "", CreatedAtUtc = nowUtc };
        plainKey = key.IssueSecret();
        return key;
    }

    /// <summary>Splits a presented key into its public identifier and secret; false for anything not shaped like one of ours.</summary>
    public static bool TryParse(string? presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (presented is null || presented.Length > 120)
        {
            return false;
        }

        var parts = presented.Trim().Split('_', 3);
        if (parts.Length != 3 || parts[0] != Prefix || parts[1].Length is < 8 or > 20 || parts[2].Length < 20)
        {
            return false;
        }

        (keyId, secret) = (parts[1], parts[2]);
        return true;
    }

    public bool Matches(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(SecretHash));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
