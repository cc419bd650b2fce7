using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Privacy;

/// <summary>
/// One line of the customer's record of processing (GDPR Art. 30), seeded from Jooxter's privacy policy and edited by
/// the DPO: why data is processed, which categories, on what legal basis, who receives it and how long it is kept.
/// It feeds the Article 15 information of every access export.
/// </summary>
public sealed class ProcessingActivity : TenantEntity
{
    public required string Purpose { get; set; }

    public required string DataCategories { get; set; }

    public required string LegalBasis { get; set; }

    public required string Retention { get; set; }

    public string Recipients { get; set; } = "";

    /// <summary>Where the data comes from (the customer's HR directory, the person, beacons...).</summary>
    public string Source { get; set; } = "";
}

/// <summary>A sub-processor Jooxter uses for this customer, where it processes data and under which safeguards.</summary>
public sealed class SubProcessor : TenantEntity
{
    public required string Name { get; set; }

    public required string Service { get; set; }

    public required string Location { get; set; }

    public string Safeguards { get; set; } = "";
}

/// <summary>A disclosure of personal data to an authority (police, labour inspection, court), logged by the DPO.</summary>
public sealed class AuthorityDisclosure : TenantEntity
{
    public DateOnly DisclosedOn { get; set; }

    public required string Authority { get; set; }

    public required string LegalBasis { get; set; }

    /// <summary>What was disclosed and about whom; may name people.</summary>
    [PersonalData(PersonalDataCategory.Usage)]
    public required string Description { get; set; }

    public Guid? SubjectEmployeeId { get; set; }
}

/// <summary>A version of the privacy policy people were shown, with the date it took effect.</summary>
public sealed class PrivacyPolicyVersion : TenantEntity
{
    /// <summary>The version as people were shown it, e.g. <c>2026-03</c>.</summary>
    public required string Label { get; set; }

    public DateOnly EffectiveOn { get; set; }

    public string Summary { get; set; } = "";
}

/// <summary>What a retention run deleted (or would delete): per table, how many rows, older than what.</summary>
public sealed record PurgeLine(string Table, int Rows, DateTime? OlderThanUtc);

/// <summary>
/// The log of every purge, kept outside the purged data: it is not a customer row (no query filter, no cascade from the
/// customer), so that it outlives an archive deletion and records it. It holds counts, never personal data.
/// </summary>
[NotAudited]
public sealed class PurgeRecord : Entity
{
    public Guid TenantId { get; set; }

    public required string TenantName { get; set; }

    public DateTime RanAtUtc { get; set; }

    /// <summary><c>retention</c> or <c>archive</c> (the whole customer, 12 months after its contract ended).</summary>
    public required string Kind { get; set; }

    /// <summary>JSON array of <see cref="PurgeLine"/>.</summary>
    public required string Lines { get; set; }

    public int TotalRows { get; set; }
}
