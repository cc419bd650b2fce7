using Jooxter.Admin.Data;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>
/// A refused sign-in: an identity that matched no active employee of any customer. Kept in the database,
/// not in logs, because it names a person; retention purges it with the other security records.
/// </summary>
public sealed class AccessDenial : Entity
{
    public DateTime OccurredAtUtc { get; set; }

    public required string Reason { get; set; }

    public required string Provider { get; set; }

    [PersonalData(PersonalDataCategory.Security)]
    public string? ClaimedEmail { get; set; }

    [PersonalData(PersonalDataCategory.Security)]
    public string? ClaimedObjectId { get; set; }
}
