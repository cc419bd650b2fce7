using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Occupancy;

public sealed record AccessKeyRow(Guid Id, string Name, AccessKeyPurpose Purpose, string KeyId, DateTime CreatedAtUtc, DateTime? RotatedAtUtc, DateTime? RevokedAtUtc);

/// <summary>The whole key, returned once when created or rotated; only its hash is kept.</summary>
public sealed record IssuedKey(OperationResult Result, Guid? Id, string? PlainKey);

/// <summary>Administrators create, name, rotate and revoke their customer's ingestion and display keys.</summary>
public sealed class AccessKeyService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, AccessKeyAuthenticator authenticator)
{
    public async Task<IReadOnlyList<AccessKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        return await db.AccessKeys.AsNoTracking().OrderBy(k => k.RevokedAtUtc != null).ThenBy(k => k.Name)
            .Select(k => new AccessKeyRow(k.Id, k.Name, k.Purpose, k.KeyId, k.CreatedAtUtc, k.RotatedAtUtc, k.RevokedAtUtc)).ToListAsync(ct);
    }

    public async Task<IssuedKey> CreateAsync(string name, AccessKeyPurpose purpose, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            return new IssuedKey(OperationResult.Fail("Name", "Keys.NameRequired"), null, null);
        }

        await using var db = await database.OpenAsync();
        var folded = Names.Fold(name);
        if ((await db.AccessKeys.Where(k => k.RevokedAtUtc == null).Select(k => k.Name).ToListAsync(ct)).Any(n => Names.Fold(n) == folded))
        {
            return new IssuedKey(OperationResult.Fail("Name", "Keys.NameTaken"), null, null);
        }

        var key = AccessKey.Create(name, purpose, clock.GetUtcNow().UtcDateTime, out var plain);
        db.AccessKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new IssuedKey(OperationResult.Ok, key.Id, plain);
    }

    /// <summary>A new secret for the key; the old one stops working at once.</summary>
    public async Task<IssuedKey> RotateAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        var key = await db.AccessKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAtUtc == null, ct);
        if (key is null)
        {
            return new IssuedKey(OperationResult.NotFound(), null, null);
        }

        var plain = key.IssueSecret();
        key.RotatedAtUtc = clock.GetUtcNow().UtcDateTime;
        key.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        authenticator.Forget(key.KeyId);
        return new IssuedKey(OperationResult.Ok, key.Id, plain);
    }

    public async Task<OperationResult> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        var key = await db.AccessKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAtUtc == null, ct);
        if (key is null)
        {
            return OperationResult.NotFound();
        }

        key.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
        key.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        authenticator.Forget(key.KeyId);
        return OperationResult.Ok;
    }
}
