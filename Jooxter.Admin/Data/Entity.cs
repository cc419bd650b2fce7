namespace Jooxter.Admin.Data;

/// <summary>Base of every stored entity: a client-generated, time-ordered key known before saving.</summary>
public abstract class Entity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
}

/// <summary>A row that belongs to one customer company. The data layer fills and checks <see cref="TenantId"/>.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>A customer-owned entity with an optimistic concurrency stamp renewed on every update.</summary>
public abstract class TenantEntity : Entity, ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>An entity with fields computed from others (search text, normalised keys), refreshed by the data layer before every write.</summary>
public interface IHasDerivedFields
{
    void RefreshDerivedFields();
}

/// <summary>Rows of this type are bookkeeping, not customer data: the data layer writes no audit entry for them.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NotAuditedAttribute : Attribute;

/// <summary>
/// Rows of this type are recorded inside their owner's audit entry, not as entries of their own: a group membership
/// appears as a change of its employee's <c>Groups</c> ("before": the groups left, "after": the groups joined), which is
/// the granularity a data-protection officer reads, and one entry per employee rather than one per membership.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditedWithinAttribute(string ownerType, string ownerKey, string field, string value) : Attribute
{
    /// <summary>The owner's entity type name, as audit entries name it.</summary>
    public string OwnerType { get; } = ownerType;

    /// <summary>The property of this row holding the owner's key.</summary>
    public string OwnerKey { get; } = ownerKey;

    /// <summary>The field of the owner's entry the rows are recorded under.</summary>
    public string Field { get; } = field;

    /// <summary>The property of this row recorded in that field.</summary>
    public string Value { get; } = value;
}
