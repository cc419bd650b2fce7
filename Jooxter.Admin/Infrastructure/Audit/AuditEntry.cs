using System.Globalization;
using System.Text;
using Jooxter.Admin.Data;

namespace Jooxter.Admin.Infrastructure.Audit;

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
}

/// <summary>
/// One recorded change. Append-only: entries are chained per tenant by <see cref="PreviousHash"/>, so an edited,
/// inserted or deleted entry breaks the chain and <see cref="AuditVerifier"/> finds it.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    public long Id { get; set; }

    /// <summary>The customer whose data changed; <see cref="Guid.Empty"/> for platform-level changes (tenants).</summary>
    public Guid TenantId { get; set; }

    /// <summary>Position in the tenant's chain, from 1, without gaps.</summary>
    public long Sequence { get; set; }

    public DateTime OccurredAtUtc { get; set; }

    /// <summary>The employee who made the change, or null for the system (seeding, command line).</summary>
    public Guid? ActorId { get; set; }

    /// <summary>How the change was made: <c>console</c>, <c>system:seed</c>, <c>cli</c>...</summary>
    public required string Channel { get; set; }

    public AuditAction Action { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    /// <summary>JSON object: field name to <c>{ "before": ..., "after": ... }</c>; personal values are masked unless the field's marker keeps them.</summary>
    public required string Changes { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>The link: an HMAC of the entry's canonical form under the audit key, which the database never holds.</summary>
    public string ComputeHash(AuditKey key) => ComputeHash(key, TenantId, Sequence, OccurredAtUtc, ActorId, Channel, Action, EntityType, EntityId, Changes, PreviousHash);

    public static string ComputeHash(AuditKey key, Guid tenantId, long sequence, DateTime occurredAtUtc, Guid? actorId, string channel, AuditAction action, string entityType, string entityId, string changes, string previousHash)
    {
        // An import of tens of thousands of employees chains as many entries: the canonical form is written to a
        // reused buffer and signed there, no text is built per entry.
        var buffer = WriteCanonical(tenantId, sequence, occurredAtUtc, actorId, channel, action, entityType, entityId, changes, previousHash);
        Span<byte> signature = stackalloc byte[32];
        key.Sign(buffer.WrittenSpan, signature);
        Release(buffer);
        return Convert.ToHexStringLower(signature);
    }

    /// <summary>The text the hash is computed over, as UTF-8 decodes the signed bytes.</summary>
    public static string Canonical(Guid tenantId, long sequence, DateTime occurredAtUtc, Guid? actorId, string channel, AuditAction action, string entityType, string entityId, string changes, string previousHash)
    {
        var buffer = WriteCanonical(tenantId, sequence, occurredAtUtc, actorId, channel, action, entityType, entityId, changes, previousHash);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Release(buffer);
        return text;
    }

    /// <summary>
    /// The canonical form in UTF-8, length-prefixed so that no field can be shifted into its neighbour: for each part,
    /// its length in UTF-16 characters, ':', its UTF-8 bytes, '|'. Written into this thread's reused buffer.
    /// </summary>
    private static System.Buffers.ArrayBufferWriter<byte> WriteCanonical(Guid tenantId, long sequence, DateTime occurredAtUtc, Guid? actorId, string channel, AuditAction action, string entityType, string entityId, string changes, string previousHash)
    {
        var buffer = t_canonical ??= new System.Buffers.ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        Span<char> text = stackalloc char[40];
        tenantId.TryFormat(text, out var written, "N");
        Part(buffer, text[..written]);
        sequence.TryFormat(text, out written, provider: CultureInfo.InvariantCulture);
        Part(buffer, text[..written]);
        occurredAtUtc.Ticks.TryFormat(text, out written, provider: CultureInfo.InvariantCulture);
        Part(buffer, text[..written]);
        if (actorId is { } actor)
        {
            actor.TryFormat(text, out written, "N");
            Part(buffer, text[..written]);
        }
        else
        {
            Part(buffer, "-");
        }

        Part(buffer, channel);
        Part(buffer, action.ToString());
        Part(buffer, entityType);
        Part(buffer, entityId);
        Part(buffer, changes);
        Part(buffer, previousHash);
        return buffer;
    }

    /// <summary>An unusually large entry's buffer is not kept on this thread.</summary>
    private static void Release(System.Buffers.ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > MaxKeptBuffer)
        {
            t_canonical = null;
        }
    }

    private const int MaxKeptBuffer = 64 * 1024;

    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? t_canonical;

    private static void Part(System.Buffers.ArrayBufferWriter<byte> buffer, ReadOnlySpan<char> part)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(part.Length) + 12);
        part.Length.TryFormat(span, out var written, provider: CultureInfo.InvariantCulture);
        span[written++] = (byte)':';
        written += Encoding.UTF8.GetBytes(part, span[written..]);
        span[written++] = (byte)'|';
        buffer.Advance(written);
    }
}

/// <summary>The last link of a tenant's chain, so that deleting the newest entries is detected too.</summary>
public sealed class AuditChainHead
{
    public Guid TenantId { get; set; }

    public long Sequence { get; set; }

    public required string Hash { get; set; }

    /// <summary>
    /// Entries up to this sequence were deleted by retention; the chain is verified from the next one, whose link must
    /// be <see cref="PrunedHash"/>. Each pruning is also written to the purge log, outside the trail.
    /// </summary>
    public long PrunedThrough { get; set; }

    public string PrunedHash { get; set; } = "";

    /// <summary>
    /// The anchor (<see cref="PrunedThrough"/>, <see cref="PrunedHash"/>) signed with the audit key when retention
    /// moved it. Without it, someone who can write the tables could delete the oldest entries still within the
    /// retention period, move the anchor past them and copy the last deleted entry's hash: the chain would verify.
    /// </summary>
    public string PrunedSignature { get; set; } = "";

    /// <summary>The signature of a pruning anchor: HMAC of "prune|tenant|sequence|hash" under the audit key.</summary>
    public static string SignAnchor(AuditKey key, Guid tenantId, long prunedThrough, string prunedHash) =>
        Convert.ToHexStringLower(key.Sign(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"prune|{tenantId:N}|{prunedThrough}|{prunedHash}"))));
}
