using Jooxter.Admin.Data;

namespace Jooxter.Admin.Features.Places.Booking;

/// <summary>Where a rule is set. The most specific level wins: space over zone over floor over building.</summary>
public enum PolicyLevel
{
    Default,
    Building,
    Floor,
    Zone,
    Space,
}

/// <summary>Who may book: everyone; only some groups (others see the place as unavailable); or only some groups, hidden from others.</summary>
public enum BookingAudience
{
    Everyone,
    RestrictedToGroups,
    HiddenExceptGroups,
}

/// <summary>
/// Booking rules set on one building, floor, zone or space. A null rule is not set at this level and is inherited.
/// The audience and its groups go together: the level that sets the audience also names the groups.
/// </summary>
public sealed class BookingPolicy : TenantEntity
{
    public PolicyLevel Level { get; set; }

    /// <summary>The building, floor, zone or space the rules are set on.</summary>
    public Guid TargetId { get; set; }

    public int? MinDurationMinutes { get; set; }

    public int? MaxDurationMinutes { get; set; }

    public int? MaxDaysAhead { get; set; }

    public int? CheckInWindowMinutes { get; set; }

    /// <summary>A booking not checked in this many minutes after its start is released.</summary>
    public int? AutoReleaseAfterMinutes { get; set; }

    public bool? RequiresApproval { get; set; }

    public int? MaxConcurrentBookingsPerPerson { get; set; }

    public BookingAudience? Audience { get; set; }

    /// <summary>The user groups of <see cref="Audience"/>, when it names groups.</summary>
    public List<Guid> AudienceGroupIds { get; set; } = [];
}
