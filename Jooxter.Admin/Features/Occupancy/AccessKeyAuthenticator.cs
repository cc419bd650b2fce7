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

        if (!cache.TryGetValue(("key", keyId), out AccessKey? key) || key is null)
        {
            // The key is not yet tied to a customer: only the platform's context can find it, by its public identifier.
            // A key of a customer whose contract ended or who is suspended opens nothing, as its people cannot sign in.
            await using var db = AdminDatabase.Create(databaseOptions, DataScope.System("keys"), clock);
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            key = await db.AccessKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
            var tenant = key is null ? null : await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == key.TenantId, ct);
            if (key is null || tenant is null || !tenant.AllowsSignIn(today))
            {
                // Not remembered: made-up identifiers must not fill the cache.
                return null;
            }

            cache.Set(("key", keyId), key, Lifetime);
        }

        return key.IsActive && key.Purpose == purpose && key.Matches(secret) ? key.TenantId : null;
    }

    /// <summary>Whether this instance recently found a key with this identifier (the rate limiter's partition for it).</summary>
    public bool IsKnown(string keyId) => cache.TryGetValue(("key", keyId), out AccessKey? key) && key is not null;

    /// <summary>The key a machine presents: <c>Authorization: Bearer &lt;key&gt;</c>, or the <c>X-Api-Key</c> header.</summary>
    public static string? PresentedKey(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth["Bearer ".Length..].Trim()
            : request.Headers["X-Api-Key"].FirstOrDefault();

    /// <summary>Forgets what was read about a key, so that revoking or rotating it acts at once on this instance.</summary>
    public void Forget(string keyId) => cache.Remove(("key", keyId));
}
