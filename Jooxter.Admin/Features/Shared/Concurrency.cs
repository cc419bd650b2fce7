using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Shared;

/// <summary>
/// The one optimistic-concurrency rule. An edit of an existing record names the version it was made from (the
/// <see cref="TenantEntity.Version"/> its form was loaded with); the save succeeds only if the record still has that
/// version, and the data layer gives it a new one. A missing version counts as stale: a caller that never read the
/// record cannot overwrite it. The person is told, with one message, that someone else changed it meanwhile.
/// </summary>
public static class Concurrency
{
    public const string ConflictKey = "Common.Conflict";

    public static OperationResult Conflict => OperationResult.Fail("", ConflictKey);

    /// <summary>Declares the version the edit was made from.</summary>
    public static void Expect<T>(DbContext db, T entity, Guid? version)
        where T : TenantEntity =>
        db.Entry(entity).Property(e => e.Version).OriginalValue = version ?? Guid.Empty;

    /// <summary>Saves; a record changed meanwhile yields <see cref="Conflict"/> and nothing is written.</summary>
    public static async Task<OperationResult> SaveAsync(DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return OperationResult.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflict;
        }
    }
}
