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

    /// <summary>
    /// How this customer's people sign in: its Entra directory (tenant) id, or the issuer of its OpenID Connect
    /// provider. A sign-in is matched only against the employees of the customer whose provider issued it.
    /// </summary>
    public string? IdentityIssuer { get; set; }

    /// <summary>E-mail domains (comma-separated) a sign-in may be matched by; empty allows any verified e-mail.</summary>
    public string? AllowedEmailDomains { get; set; }

    /// <summary>
    /// Whether the provider guarantees <c>preferred_username</c> (an Entra user principal name in the customer's own
    /// directory does; a provider where people choose their username does not), so that it may find the employee.
    /// </summary>
    public bool TrustsPreferredUsername { get; set; }

    /// <summary>
    /// Analytics show and export no figure drawn from fewer people than this (works councils ask for it); never below
    /// <see cref="SmallestGroup"/>, whatever is stored.
    /// </summary>
    public int MinimumGroupSize { get; set; } = SmallestGroup;

    public const int SmallestGroup = 5;

    /// <summary>Whether the customer's administrators may see and handle the rights-request register (DPOs always do).</summary>
    public bool AdministratorsHandleRightsRequests { get; set; }

    /// <summary>Past reservations are deleted this many months after they end (the analytics keep only anonymous counts).</summary>
    public int ReservationRetentionMonths { get; set; } = 24;

    /// <summary>Sent or failed notices (reservation, welcome, privacy) are deleted this many months after they were queued.</summary>
    public int NoticeRetentionMonths { get; set; } = 6;

    /// <summary>Import records are deleted this many months after the import.</summary>
    public int ImportRetentionMonths { get; set; } = 12;

    /// <summary>Audit entries are deleted this many months after they were written.</summary>
    public int AuditRetentionMonths { get; set; } = 60;

    /// <summary>All of a customer's data goes this many months after its contract ended (the privacy policy's promise).</summary>
    public const int ArchiveMonths = 12;

    /// <summary>The day every row of this customer is deleted, when its contract has an end.</summary>
    public DateOnly? ArchiveDeletionOn => ContractEnd?.AddMonths(ArchiveMonths);

    public int EffectiveMinimumGroupSize => Math.Max(SmallestGroup, MinimumGroupSize);

    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>Whether an e-mail may identify one of this customer's people: its domain is allowed, or no domain list is set.</summary>
    public bool AllowsEmailDomain(string email)
    {
        var domains = (AllowedEmailDomains ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var at = email.LastIndexOf('@');
        return domains.Length == 0 || (at > 0 && domains.Any(d => string.Equals(d.TrimStart('@'), email[(at + 1)..].Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    public bool AllowsSignIn(DateOnly today) =>
        Status == TenantStatus.Active && ContractStart <= today && (ContractEnd is null || ContractEnd >= today);

    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();
}
