using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Infrastructure.Audit;

/// <summary>A change captured from the change tracker before it is saved.</summary>
internal sealed record PendingAudit(Guid TenantId, AuditAction Action, string EntityType, string EntityId, string Changes);

/// <summary>Turns tracked changes into chained audit entries, in the same transaction as the change.</summary>
internal static class AuditRecorder
{
    internal const string PersonalMask = "(personal data)";

    // The trail itself and the refusal register are not audited; features mark their own bookkeeping with [NotAudited].
    private static readonly HashSet<Type> NotAudited = [typeof(AuditEntry), typeof(AuditChainHead), typeof(AccessDenial)];

    // Read once per type: SaveChanges asks for every tracked entry.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (bool Audited, AuditedWithinAttribute? Within)> Kinds = new();

    private static (bool Audited, AuditedWithinAttribute? Within) KindOf(Type type) => Kinds.GetOrAdd(type, t =>
    {
        var within = t.GetCustomAttribute<AuditedWithinAttribute>(inherit: false);
        return (!NotAudited.Contains(t) && !t.IsDefined(typeof(NotAuditedAttribute), inherit: false) && within is null, within);
    });

    /// <summary>Whether rows of this type get audit entries of their own (rows recorded within their owner's do not).</summary>
    public static bool IsAudited(Type type) => KindOf(type).Audited;

    public static AuditedWithinAttribute? RecordedWithin(Type type) => KindOf(type).Within;

    /// <summary>
    /// Rows recorded within their owners (new memberships of new employees), grouped by owner key as the fields to add
    /// to each owner's "created" description, with values written as tracked changes write them.
    /// </summary>
    public static Dictionary<string, IReadOnlyDictionary<string, JsonArray>> GroupWithin(IEntityType withinType, IEnumerable<object> rows)
    {
        var recorded = RecordedWithin(withinType.ClrType) ?? throw new InvalidOperationException($"{withinType.ClrType.Name} is not recorded within an owner.");
        var ownerKey = withinType.FindProperty(recorded.OwnerKey)!.GetGetter();
        var value = withinType.FindProperty(recorded.Value)!.GetGetter();
        return rows
            .GroupBy(row => Convert.ToString(ownerKey.GetClrValueUsingContainingEntity(row), System.Globalization.CultureInfo.InvariantCulture) ?? "")
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, JsonArray>)new Dictionary<string, JsonArray>
            {
                [recorded.Field] = new(g.Select(row => ToNode(value.GetClrValueUsingContainingEntity(row))).ToArray()),
            });
    }

    private static AuditKey KeyOf(AdminDbContext db) =>
        db.AuditKey ?? throw new InvalidOperationException("The audit chain key is not configured: audited changes cannot be saved without it.");

    /// <summary>Describes a new row written without the change tracker (bulk insert), exactly as a tracked insert would be.</summary>
    public static PendingAudit DescribeCreated(IEntityType type, object entity, IReadOnlyDictionary<string, JsonArray>? within = null)
    {
        var changes = new JsonObject();
        foreach (var (field, values) in within ?? new Dictionary<string, JsonArray>())
        {
            changes[field] = new JsonObject { ["before"] = null, ["after"] = values };
        }

        foreach (var property in type.GetProperties())
        {
            if (property.Name is nameof(TenantEntity.Version) or nameof(ITenantOwned.TenantId) || property.IsPrimaryKey())
            {
                continue;
            }

            var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
            changes[property.Name] = new JsonObject { ["before"] = null, ["after"] = Recorded(property, value) };
        }

        var tenantId = entity is ITenantOwned owned ? owned.TenantId : Guid.Empty;
        var key = string.Join(",", type.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(p.GetGetter().GetClrValueUsingContainingEntity(entity), System.Globalization.CultureInfo.InvariantCulture)));
        return new PendingAudit(tenantId, AuditAction.Created, type.ClrType.Name, key, changes.ToJsonString());
    }

    /// <summary>
    /// Extends the chains for rows written in bulk: entries are inserted in bulk too, and the chain head moves with a
    /// guarded update (a concurrent writer makes it fail, and the transaction with it).
    /// </summary>
    public static async Task AppendBulkAsync(AdminDbContext db, IReadOnlyList<PendingAudit> pending, Guid? actorId, string channel, DateTime nowUtc, CancellationToken ct)
    {
        var key = KeyOf(db);
        var occurredAt = new DateTime(nowUtc.Ticks - (nowUtc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        foreach (var chain in pending.GroupBy(p => p.TenantId))
        {
            foreach (var tracked in db.ChangeTracker.Entries<AuditChainHead>().Where(e => e.Entity.TenantId == chain.Key).ToList())
            {
                tracked.State = EntityState.Detached;
            }

            var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == chain.Key, ct);
            var sequence = head?.Sequence ?? 0;
            var hash = head?.Hash ?? "";
            var entries = new List<object>(chain.Count());
            foreach (var change in chain)
            {
                var entry = new AuditEntry
                {
                    TenantId = chain.Key,
                    Sequence = ++sequence,
                    OccurredAtUtc = occurredAt,
                    ActorId = actorId,
                    Channel = channel,
                    Action = change.Action,
                    EntityType = change.EntityType,
                    EntityId = change.EntityId,
                    Changes = change.Changes,
                    PreviousHash = hash,
                    Hash = "",
                };
                entry.Hash = entry.ComputeHash(key);
                hash = entry.Hash;
                entries.Add(entry);
            }

            await BulkWriter.InsertAsync(db, db.Model.FindEntityType(typeof(AuditEntry))!, entries, ct);
            if (head is null)
            {
                await BulkWriter.InsertAsync(db, db.Model.FindEntityType(typeof(AuditChainHead))!, [new AuditChainHead { TenantId = chain.Key, Sequence = sequence, Hash = hash }], ct);
            }
            else
            {
                var previous = head.Sequence;
                var moved = await db.AuditChainHeads
                    .Where(h => h.TenantId == chain.Key && h.Sequence == previous)
                    .ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, sequence).SetProperty(h => h.Hash, hash), ct);
                if (moved != 1)
                {
                    throw new DbUpdateConcurrencyException("The audit chain moved during the bulk write.");
                }
            }
        }
    }

    public static List<PendingAudit> Capture(ChangeTracker tracker)
    {
        var pending = new List<PendingAudit>();
        var within = new Dictionary<(Guid Tenant, string Owner, string OwnerId, string Field), (JsonArray Left, JsonArray Joined)>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is (EntityState.Added or EntityState.Deleted) && RecordedWithin(entry.Metadata.ClrType) is { } recorded)
            {
                var owner = Convert.ToString(entry.Property(recorded.OwnerKey).CurrentValue, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                var tenant = entry.Entity is ITenantOwned row ? row.TenantId : Guid.Empty;
                var slot = (tenant, recorded.OwnerType, owner, recorded.Field);
                var lists = within.TryGetValue(slot, out var found) ? found : within[slot] = ([], []);
                (entry.State == EntityState.Added ? lists.Joined : lists.Left).Add(ToNode(entry.Property(recorded.Value).CurrentValue));
                continue;
            }

            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || !IsAudited(entry.Metadata.ClrType))
            {
                continue;
            }

            var tenantId = entry.Entity switch
            {
                ITenantOwned owned => owned.TenantId,
                Tenant => Guid.Empty,
                _ => Guid.Empty,
            };
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            var changes = DescribeChanges(entry, action);
            if (action == AuditAction.Updated && changes.Count == 0)
            {
                continue;
            }

            var key = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
            pending.Add(new PendingAudit(tenantId, action, entry.Metadata.ClrType.Name, key, changes.ToJsonString()));
        }

        // Rows recorded within their owner join the owner's entry, or make one ("Updated") when the owner itself did not change.
        foreach (var ((tenant, owner, ownerId, field), (left, joined)) in within)
        {
            var change = new JsonObject { ["before"] = left.Count == 0 ? null : left, ["after"] = joined.Count == 0 ? null : joined };
            var index = pending.FindIndex(p => p.TenantId == tenant && p.EntityType == owner && p.EntityId == ownerId);
            if (index < 0)
            {
                pending.Add(new PendingAudit(tenant, AuditAction.Updated, owner, ownerId, new JsonObject { [field] = change }.ToJsonString()));
            }
            else
            {
                var merged = JsonNode.Parse(pending[index].Changes)!.AsObject();
                merged[field] = change;
                pending[index] = pending[index] with { Changes = merged.ToJsonString() };
            }
        }

        return pending;
    }

    private static JsonObject DescribeChanges(EntityEntry entry, AuditAction action)
    {
        var changes = new JsonObject();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (name is nameof(TenantEntity.Version) or nameof(ITenantOwned.TenantId) || property.Metadata.IsPrimaryKey())
            {
                continue;
            }

            object? before = action == AuditAction.Created ? null : property.OriginalValue;
            object? after = action == AuditAction.Deleted ? null : property.CurrentValue;
            if (action == AuditAction.Updated && (!property.IsModified || Equals(before, after)))
            {
                continue;
            }

            changes[name] = new JsonObject
            {
                ["before"] = Recorded(property.Metadata, before),
                ["after"] = Recorded(property.Metadata, after),
            };
        }

        return changes;
    }

    /// <summary>A value as the audit keeps it: personal values masked unless their marker says the audit needs them.</summary>
    private static JsonNode? Recorded(IReadOnlyProperty property, object? value) =>
        !PersonalDataCatalog.IsPersonal(property) || PersonalDataCatalog.KeepsValuesInAudit(property)
            ? ToNode(value)
            : value is null ? null : PersonalMask;

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        // Files (plans, pictures) are recorded by fingerprint and size: the trail can never be pruned, so it holds no content.
        byte[] bytes => $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))} ({bytes.Length} bytes)",
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>Adds one entry per pending change to the context, extending each tenant's chain.</summary>
    public static async Task AppendAsync(AdminDbContext db, IReadOnlyList<PendingAudit> pending, Guid? actorId, string channel, DateTime nowUtc, CancellationToken ct)
    {
        var key = KeyOf(db);
        var occurredAt = new DateTime(nowUtc.Ticks - (nowUtc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        foreach (var chain in pending.GroupBy(p => p.TenantId))
        {
            var head = await db.AuditChainHeads.SingleOrDefaultAsync(h => h.TenantId == chain.Key, ct);
            if (head is null)
            {
                head = new AuditChainHead { TenantId = chain.Key, Sequence = 0, Hash = "" };
                db.AuditChainHeads.Add(head);
            }

            foreach (var change in chain)
            {
                var entry = new AuditEntry
                {
                    TenantId = chain.Key,
                    Sequence = head.Sequence + 1,
                    OccurredAtUtc = occurredAt,
                    ActorId = actorId,
                    Channel = channel,
                    Action = change.Action,
                    EntityType = change.EntityType,
                    EntityId = change.EntityId,
                    Changes = change.Changes,
                    PreviousHash = head.Hash,
                    Hash = "",
                };
                entry.Hash = entry.ComputeHash(key);
                db.AuditEntries.Add(entry);
                head.Sequence = entry.Sequence;
                head.Hash = entry.Hash;
            }
        }
    }
}
