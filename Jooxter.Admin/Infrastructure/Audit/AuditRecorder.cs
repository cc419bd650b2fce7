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

/// <summary>Rows recorded within their owners, by owner key (<see cref="AuditRecorder.GroupWithin"/>).</summary>
internal sealed record WithinRows(string Field, Dictionary<object, List<object?>> ByOwner);

/// <summary>One reusable UTF-8 buffer and writer for describing many rows one after the other.</summary>
internal sealed class AuditJsonBuffer
{
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;

    public AuditJsonBuffer() => _writer = new Utf8JsonWriter(_buffer);

    public Utf8JsonWriter Start()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        return _writer;
    }

    public string Finish()
    {
        _writer.Flush();
        return System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}

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
    /// Rows recorded within their owners (new memberships of new employees): for each owner key, the values to list
    /// under <see cref="AuditedWithinAttribute.Field"/> of the owner's "created" description.
    /// </summary>
    public static WithinRows GroupWithin(IEntityType withinType, IEnumerable<object> rows)
    {
        var recorded = RecordedWithin(withinType.ClrType) ?? throw new InvalidOperationException($"{withinType.ClrType.Name} is not recorded within an owner.");
        var ownerKey = withinType.FindProperty(recorded.OwnerKey)!.GetGetter();
        var value = withinType.FindProperty(recorded.Value)!.GetGetter();
        var byOwner = new Dictionary<object, List<object?>>();
        foreach (var row in rows)
        {
            var owner = ownerKey.GetClrValueUsingContainingEntity(row) ?? "";
            if (!byOwner.TryGetValue(owner, out var values))
            {
                byOwner[owner] = values = [];
            }

            values.Add(value.GetClrValueUsingContainingEntity(row));
        }

        return new WithinRows(recorded.Field, byOwner);
    }

    /// <summary>How a new row of one type is described: its recorded fields in model order, and its key.</summary>
    private sealed record CreatedShape(string TypeName, (JsonEncodedText Name, IClrPropertyGetter Value, bool Masked)[] Fields, IClrPropertyGetter[] Key);

    private static readonly JsonEncodedText Before = JsonEncodedText.Encode("before");
    private static readonly JsonEncodedText After = JsonEncodedText.Encode("after");
    private static readonly JsonEncodedText Mask = JsonEncodedText.Encode(PersonalMask);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, CreatedShape> Shapes = new();

    private static CreatedShape ShapeOf(IEntityType type) => Shapes.GetOrAdd(type, t => new CreatedShape(
        t.ClrType.Name,
        t.GetProperties()
            .Where(p => p.Name is not (nameof(TenantEntity.Version) or nameof(ITenantOwned.TenantId)) && !p.IsPrimaryKey())
            .Select(p => (JsonEncodedText.Encode(p.Name), p.GetGetter(), Masked(p)))
            .ToArray(),
        t.FindPrimaryKey()!.Properties.Select(p => p.GetGetter()).ToArray()));

    /// <summary>
    /// Describes a new row written without the change tracker (bulk insert), exactly as a tracked insert would be
    /// (rows recorded within it last, as the tracked path merges them). Written straight to UTF-8 with one reusable
    /// buffer per call site: tens of thousands of rows build no intermediate JSON objects.
    /// </summary>
    public static PendingAudit DescribeCreated(IEntityType type, object entity, WithinRows? within, AuditJsonBuffer buffer)
    {
        var shape = ShapeOf(type);
        var writer = buffer.Start();
        writer.WriteStartObject();
        foreach (var (name, getter, masked) in shape.Fields)
        {
            var value = getter.GetClrValueUsingContainingEntity(entity);
            if (value is null)
            {
                // Empty before and after: not a change (the rule of DescribeChanges).
                continue;
            }

            writer.WritePropertyName(name);
            writer.WriteStartObject();
            writer.WriteNull(Before);
            writer.WritePropertyName(After);
            if (masked)
            {
                writer.WriteStringValue(Mask);
            }
            else
            {
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        var key = shape.Key.Length == 1
            ? Convert.ToString(shape.Key[0].GetClrValueUsingContainingEntity(entity), System.Globalization.CultureInfo.InvariantCulture) ?? ""
            : string.Join(",", shape.Key.Select(k => Convert.ToString(k.GetClrValueUsingContainingEntity(entity), System.Globalization.CultureInfo.InvariantCulture)));
        if (within is not null && shape.Key.Length == 1 && within.ByOwner.TryGetValue(shape.Key[0].GetClrValueUsingContainingEntity(entity)!, out var values))
        {
            writer.WritePropertyName(within.Field);
            writer.WriteStartObject();
            writer.WriteNull(Before);
            writer.WritePropertyName(After);
            writer.WriteStartArray();
            foreach (var value in values)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        var tenantId = entity is ITenantOwned owned ? owned.TenantId : Guid.Empty;
        return new PendingAudit(tenantId, AuditAction.Created, shape.TypeName, key, buffer.Finish());
    }

    /// <summary>A value written as the trail records it (<see cref="Recordable"/>), without building a node.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (Recordable(value))
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case Guid id: writer.WriteStringValue(id); break;
            case var other: JsonSerializer.Serialize(writer, other, other.GetType()); break;
        }
    }

    /// <summary>
    /// Extends the chains for rows written in bulk, a batch at a time: each batch's entries are described and chained
    /// (<see cref="Prepare"/>, pure computation that may run beside the database work) and then inserted in bulk too;
    /// each chain head moves once at the end with a guarded update (a concurrent writer makes it fail, and the
    /// transaction with it).
    /// </summary>
    internal sealed class BulkChain
    {
        private readonly AdminDbContext _db;
        private readonly AuditKey _key;
        private readonly Guid? _actorId;
        private readonly string _channel;
        private readonly DateTime _occurredAt;
        private readonly AuditJsonBuffer _json = new();
        private readonly Dictionary<Guid, (long? StoredSequence, long Sequence, string Hash)> _chains = [];

        private BulkChain(AdminDbContext db, Guid? actorId, string channel, DateTime nowUtc)
        {
            _db = db;
            _key = AuditKey.Of(db);
            _actorId = actorId;
            _channel = channel;
            _occurredAt = new DateTime(nowUtc.Ticks - (nowUtc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        }

        /// <summary>Reads the head of each customer's chain the rows will extend.</summary>
        public static async Task<BulkChain> StartAsync(AdminDbContext db, IEnumerable<Guid> tenantIds, Guid? actorId, string channel, DateTime nowUtc, CancellationToken ct)
        {
            var chain = new BulkChain(db, actorId, channel, nowUtc);
            foreach (var tenantId in tenantIds.Distinct())
            {
                foreach (var tracked in db.ChangeTracker.Entries<AuditChainHead>().Where(e => e.Entity.TenantId == tenantId).ToList())
                {
                    tracked.State = EntityState.Detached;
                }

                var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == tenantId, ct);
                chain._chains[tenantId] = (head?.Sequence, head?.Sequence ?? 0, head?.Hash ?? "");
            }

            return chain;
        }

        /// <summary>The entries of a batch of new rows, chained after the previous batch's. Batches are prepared one after the other.</summary>
        public List<AuditEntry> Prepare<T>(IEntityType type, IReadOnlyList<T> rows, WithinRows? within)
            where T : class
        {
            var entries = new List<AuditEntry>(rows.Count);
            foreach (var row in rows)
            {
                var change = DescribeCreated(type, row, within, _json);
                var chain = _chains[change.TenantId];
                var entry = new AuditEntry
                {
                    TenantId = change.TenantId,
                    Sequence = chain.Sequence + 1,
                    OccurredAtUtc = _occurredAt,
                    ActorId = _actorId,
                    Channel = _channel,
                    Action = change.Action,
                    EntityType = change.EntityType,
                    EntityId = change.EntityId,
                    Changes = change.Changes,
                    PreviousHash = chain.Hash,
                    Hash = "",
                };
                entry.Hash = entry.ComputeHash(_key);
                _chains[change.TenantId] = (chain.StoredSequence, entry.Sequence, entry.Hash);
                entries.Add(entry);
            }

            return entries;
        }

        public Task InsertAsync(List<AuditEntry> entries, CancellationToken ct) =>
            BulkWriter.InsertAsync(_db, _db.Model.FindEntityType(typeof(AuditEntry))!, entries, ct);

        /// <summary>Moves each chain head to its last new entry.</summary>
        public async Task CompleteAsync(CancellationToken ct)
        {
            foreach (var (tenantId, (stored, sequence, hash)) in _chains)
            {
                if (stored == sequence)
                {
                    continue;
                }

                if (stored is not { } previous)
                {
                    await BulkWriter.InsertAsync(_db, _db.Model.FindEntityType(typeof(AuditChainHead))!, [new AuditChainHead { TenantId = tenantId, Sequence = sequence, Hash = hash }], ct);
                    continue;
                }

                var moved = await _db.AuditChainHeads
                    .Where(h => h.TenantId == tenantId && h.Sequence == previous)
                    .ExecuteUpdateAsync(set => set.SetProperty(h => h.Sequence, sequence).SetProperty(h => h.Hash, hash), ct);
                if (moved != 1)
                {
                    throw new DbUpdateConcurrencyException("The audit chain moved during the bulk write.");
                }
            }

            _chains.Clear();
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
            // Only changes are listed: an updated row's modified fields, a new row's given fields, a deleted row's held
            // fields. A field empty before and after (a new row's blank phone) is not a change.
            if ((action == AuditAction.Updated && !property.IsModified) || Equals(before, after))
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
        !Masked(property) ? ToNode(value) : value is null ? null : PersonalMask;

    /// <summary>Personal values are masked in the trail unless their marker says the audit needs them.</summary>
    private static bool Masked(IReadOnlyProperty property) =>
        PersonalDataCatalog.IsPersonal(property) && !PersonalDataCatalog.KeepsValuesInAudit(property);

    private static JsonNode? ToNode(object? value) => Recordable(value) is { } recorded ? JsonSerializer.SerializeToNode(recorded, recorded.GetType()) : null;

    /// <summary>The one rule for how a value is kept in the trail, tracked or bulk: enums by name, dates round-trip, files by fingerprint.</summary>
    private static object? Recordable(object? value) => value switch
    {
        Enum e => e.ToString(),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        // Files (plans, pictures) are recorded by fingerprint and size: the trail can never be pruned, so it holds no content.
        byte[] bytes => $"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))} ({bytes.Length} bytes)",
        _ => value,
    };

    /// <summary>Adds one entry per pending change to the context, extending each tenant's chain.</summary>
    public static async Task AppendAsync(AdminDbContext db, IReadOnlyList<PendingAudit> pending, Guid? actorId, string channel, DateTime nowUtc, CancellationToken ct)
    {
        var key = AuditKey.Of(db);
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
