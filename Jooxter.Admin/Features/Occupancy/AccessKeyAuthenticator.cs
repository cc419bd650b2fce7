using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Jooxter.Admin.Features.Occupancy;

/// <summary>
/// Finds the customer a presented key belongs to, for one purpose. Answers are kept for a few seconds so that a
/// gateway posting many batches does not read the key each time: a revoked or rotated key stops within <see cref="Lifetime"/>.
/// </summary>
public sealed class AccessKeyAuthenticator(DatabaseOptions databaseOptions, TimeProvider clock, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    public async Task<Guid?> AuthenticateAsync(string? presented, AccessKeyPurpose purpose, CancellationToken ct = default)
    {
        if (!AccessKey.TryParse(presented, out var keyId, out var secret))
        {
            return null;
        }

        if (!cache.TryGetValue(("key", keyId), out AccessKey? key))
        {
            // The key is not yet tied to a customer: only the platform's context can find it, by its public identifier.
            await using var db = AdminDatabase.Create(databaseOptions, DataScope.System("keys"), clock);
            key = await db.AccessKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
            cache.Set(("key", keyId), key, Lifetime);
        }

        return key is { IsActive: true } && key.Purpose == purpose && key.Matches(secret) ? key.TenantId : null;
    }

    /// <summary>The key a machine presents: <c>Authorization: Bearer &lt;key&gt;</c>, or the <c>X-Api-Key</c> header.</summary>
    public static string? PresentedKey(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth["Bearer ".Length..].Trim()
            : request.Headers["X-Api-Key"].FirstOrDefault();

    /// <summary>Forgets what was read about a key, so that revoking or rotating it acts at once on this instance.</summary>
    public void Forget(string keyId) => cache.Remove(("key", keyId));
}
