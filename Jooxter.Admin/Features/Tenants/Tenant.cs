using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Tenants;

public enum TenantStatus
{
    Active,
    Suspended,
    Ended,
}

/// <summary>A customer company under contract. Every customer-owned row carries the id of one tenant.</summary>
public sealed class Tenant : Entity
{
    /// <summary>Short identifier used by the command line and in URLs, e.g. <c>demo</c>.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public DateOnly ContractStart { get; set; }

    public DateOnly? ContractEnd { get; set; }

    public TenantStatus Status { get; set; } = TenantStatus.Active;

    /// <summary>ISO 3166 country used to read national phone numbers.</summary>
    public string CountryCode { get; set; } = "FR";

    public string DefaultLanguage { get; set; } = "fr";

    /// <summary>The platform's own organisation: its employees may hold the platform-operator role.</summary>
    public bool IsOperator { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public bool AllowsSignIn(DateOnly today) =>
        Status == TenantStatus.Active && ContractStart <= today && (ContractEnd is null || ContractEnd >= today);

    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();
}
