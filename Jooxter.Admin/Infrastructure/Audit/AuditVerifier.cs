using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Infrastructure.Audit;

public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? BrokenAtSequence, string? Problem)
{
    public static AuditVerification Intact(long count) => new(true, count, null, null);

    public static AuditVerification Broken(long count, long sequence, string problem) => new(false, count, sequence, problem);
}

/// <summary>Walks a tenant's audit chain and recomputes every link.</summary>
public static class AuditVerifier
{
    /// <summary>
    /// Recomputes every link with the audit key and, when a checkpoint is given, checks that the chain still reaches it
    /// with the same link (a rebuilt or shortened chain does not).
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(AdminDbContext db, Guid tenantId, CancellationToken ct = default, AuditCheckpoint? checkpoint = null)
    {
        var key = AuditKey.Of(db);
        // Read the head first and check up to it, so that entries appended meanwhile are not taken for tampering.
        var head = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == tenantId, ct);
        var headSequence = head?.Sequence ?? 0;
        var prunedThrough = head?.PrunedThrough ?? 0;
        var walk = await WalkAsync(db, key, tenantId, head, headSequence + 1, checkpoint?.Sequence, ct);
        if (walk.Broken is not null)
        {
            return walk.Broken;
        }

        var count = walk.LastSequence;
        var hashAtCheckpoint = walk.HashAtWatched;
        if (checkpoint is not null && checkpoint.Sequence <= prunedThrough)
        {
            // A checkpoint older than the retention period names an entry no longer kept; the anchor, signed by
            // retention after it checked every entry it deleted, stands for it.
            hashAtCheckpoint = checkpoint.Sequence == prunedThrough ? head?.PrunedHash : checkpoint.Hash;
        }

        if (count > headSequence)
        {
            return AuditVerification.Broken(count, headSequence + 1, "beyond-head");
        }

        if (headSequence != count || !string.Equals(head?.Hash ?? "", walk.LastHash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(count, count + 1, "truncated");
        }

        if (checkpoint is not null && (count < checkpoint.Sequence || !string.Equals(hashAtCheckpoint, checkpoint.Hash, StringComparison.Ordinal)))
        {
            return AuditVerification.Broken(count, Math.Min(count + 1, checkpoint.Sequence), "checkpoint");
        }

        return AuditVerification.Intact(count - prunedThrough);
    }

    /// <summary>
    /// Checks the stretch retention is about to delete, from the pruning anchor through <paramref name="through"/>:
    /// the anchor's signature, then every entry's sequence, link and keyed hash. Returns null when it holds. The keyed
    /// hash covers each entry's time, so an entry whose time was backdated in the table to have it pruned (and the
    /// anchor signed past it) is caught here, before anything is deleted.
    /// </summary>
    public static async Task<AuditVerification?> VerifyStretchAsync(AdminDbContext db, Guid tenantId, long through, CancellationToken ct = default)
    {
        var key = AuditKey.Of(db);
        var head = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == tenantId, ct);
        if (head is null || through <= head.PrunedThrough || through > head.Sequence)
        {
            return AuditVerification.Broken(0, through, "anchor");
        }

        var walk = await WalkAsync(db, key, tenantId, head, through, null, ct);
        return walk.Broken ?? (walk.LastSequence == through ? null : AuditVerification.Broken(walk.LastSequence, walk.LastSequence + 1, "missing"));
    }

    private sealed record Walk(long LastSequence, string LastHash, string? HashAtWatched, AuditVerification? Broken);

    /// <summary>
    /// Walks the entries after the pruning anchor up to <paramref name="through"/>, checking the anchor's signature and
    /// each entry's sequence, link and keyed hash; stops at the first break.
    /// </summary>
    private static async Task<Walk> WalkAsync(AdminDbContext db, AuditKey key, Guid tenantId, AuditChainHead? head, long through, long? watched, CancellationToken ct)
    {
        // Entries deleted by retention are not checked: the chain starts after the pruning anchor, linked to its hash.
        var prunedThrough = head?.PrunedThrough ?? 0;
        var expectedSequence = prunedThrough + 1;
        var previousHash = head?.PrunedHash ?? "";
        string? hashAtWatched = null;
        if (prunedThrough > 0 && !string.Equals(AuditChainHead.SignAnchor(key, tenantId, prunedThrough, previousHash), head!.PrunedSignature, StringComparison.Ordinal))
        {
            // Only retention, holding the key, moves the anchor: one moved by hand hides deleted entries.
            return new(prunedThrough, previousHash, null, AuditVerification.Broken(0, prunedThrough, "anchor"));
        }

        var query = db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenantId && e.Sequence > prunedThrough && e.Sequence <= through)
            .OrderBy(e => e.Sequence);
        await foreach (var entry in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != expectedSequence)
            {
                return new(expectedSequence - 1, previousHash, hashAtWatched, AuditVerification.Broken(expectedSequence - 1 - prunedThrough, expectedSequence, entry.Sequence > expectedSequence ? "missing" : "duplicate"));
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return new(expectedSequence - 1, previousHash, hashAtWatched, AuditVerification.Broken(expectedSequence - 1, entry.Sequence, "link"));
            }

            if (!string.Equals(entry.ComputeHash(key), entry.Hash, StringComparison.Ordinal))
            {
                return new(expectedSequence - 1, previousHash, hashAtWatched, AuditVerification.Broken(expectedSequence - 1, entry.Sequence, "content"));
            }

            previousHash = entry.Hash;
            if (entry.Sequence == watched)
            {
                hashAtWatched = entry.Hash;
            }

            expectedSequence++;
        }

        return new(expectedSequence - 1, previousHash, hashAtWatched, null);
    }
}
