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
        string? hashAtCheckpoint = null;
        var key = db.AuditKey ?? throw new InvalidOperationException("The audit chain key is not configured.");
        // Read the head first and check up to it, so that entries appended meanwhile are not taken for tampering.
        var head = await db.AuditChainHeads.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == tenantId, ct);
        var headSequence = head?.Sequence ?? 0;
        // Entries deleted by retention are not checked: the chain starts after the pruning anchor, linked to its hash.
        var prunedThrough = head?.PrunedThrough ?? 0;
        var expectedSequence = prunedThrough + 1;
        var previousHash = head?.PrunedHash ?? "";
        if (prunedThrough > 0 && !string.Equals(AuditChainHead.SignAnchor(key, tenantId, prunedThrough, previousHash), head!.PrunedSignature, StringComparison.Ordinal))
        {
            // Only retention, holding the key, moves the anchor: one moved by hand hides deleted entries.
            return AuditVerification.Broken(0, prunedThrough, "anchor");
        }

        var query = db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.TenantId == tenantId && e.Sequence > prunedThrough && e.Sequence <= headSequence + 1)
            .OrderBy(e => e.Sequence);
        await foreach (var entry in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != expectedSequence)
            {
                return AuditVerification.Broken(expectedSequence - 1 - prunedThrough, expectedSequence, entry.Sequence > expectedSequence ? "missing" : "duplicate");
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence, "link");
            }

            if (!string.Equals(entry.ComputeHash(key), entry.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(expectedSequence - 1, entry.Sequence, "content");
            }

            previousHash = entry.Hash;
            if (entry.Sequence == checkpoint?.Sequence)
            {
                hashAtCheckpoint = entry.Hash;
            }

            expectedSequence++;
        }

        var count = expectedSequence - 1;
        if (checkpoint is not null && checkpoint.Sequence <= prunedThrough)
        {
            // A checkpoint older than the retention period names an entry no longer kept; the anchor stands for it.
            hashAtCheckpoint = checkpoint.Sequence == prunedThrough ? head?.PrunedHash : checkpoint.Hash;
        }

        if (count > headSequence)
        {
            return AuditVerification.Broken(count, headSequence + 1, "beyond-head");
        }

        if (headSequence != count || !string.Equals(head?.Hash ?? "", previousHash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(count, count + 1, "truncated");
        }

        if (checkpoint is not null && (count < checkpoint.Sequence || !string.Equals(hashAtCheckpoint, checkpoint.Hash, StringComparison.Ordinal)))
        {
            return AuditVerification.Broken(count, Math.Min(count + 1, checkpoint.Sequence), "checkpoint");
        }

        return AuditVerification.Intact(count - prunedThrough);
    }
}
