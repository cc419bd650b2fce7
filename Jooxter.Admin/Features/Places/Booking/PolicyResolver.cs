namespace Jooxter.Admin.Features.Places.Booking;

/// <summary>One effective rule and the level it comes from, as the space page shows it.</summary>
public sealed record Effective<T>(T Value, PolicyLevel Source);

public sealed record EffectivePolicy(
    Effective<int> MinDurationMinutes,
    Effective<int> MaxDurationMinutes,
    Effective<int> MaxDaysAhead,
    Effective<int> CheckInWindowMinutes,
    Effective<int?> AutoReleaseAfterMinutes,
    Effective<bool> RequiresApproval,
    Effective<int> MaxConcurrentBookingsPerPerson,
    Effective<BookingAudience> Audience,
    IReadOnlySet<Guid> AudienceGroupIds)
{
    /// <summary>Whether a person in these groups sees the space at all.</summary>
    public bool IsVisibleTo(IReadOnlySet<Guid> groups) =>
        Audience.Value != BookingAudience.HiddenExceptGroups || AudienceGroupIds.Overlaps(groups);

    /// <summary>Whether a person in these groups may book it (a restricted space is shown as unavailable to others).</summary>
    public bool IsBookableBy(IReadOnlySet<Guid> groups) =>
        Audience.Value == BookingAudience.Everyone || AudienceGroupIds.Overlaps(groups);
}

/// <summary>
/// Resolves the rules that apply to a space from the policies set on its building, floor, zone and itself.
/// Pure: the policies come in, the effective rules come out, each with the level it was taken from.
/// </summary>
public static class PolicyResolver
{
    /// <summary>What applies where nothing is set: the platform's defaults.</summary>
    public static readonly BookingPolicy Defaults = new()
    {
        Level = PolicyLevel.Default,
        MinDurationMinutes = 15,
        MaxDurationMinutes = 12 * 60,
        MaxDaysAhead = 30,
        CheckInWindowMinutes = 15,
        AutoReleaseAfterMinutes = null,
        RequiresApproval = false,
        MaxConcurrentBookingsPerPerson = 1,
        Audience = BookingAudience.Everyone,
    };

    public static EffectivePolicy Resolve(IEnumerable<BookingPolicy?> chain)
    {
        // From the most specific level down to the defaults: the first level that sets a rule wins.
        var ordered = chain.OfType<BookingPolicy>().Where(p => p.Level != PolicyLevel.Default).OrderByDescending(p => p.Level).Append(Defaults).ToList();

        Effective<T> Pick<T>(Func<BookingPolicy, T?> rule)
            where T : struct
        {
            foreach (var policy in ordered)
            {
                if (rule(policy) is { } value)
                {
                    return new Effective<T>(value, policy.Level);
                }
            }

            throw new InvalidOperationException("The defaults set every rule.");
        }

        var release = ordered.FirstOrDefault(p => p.AutoReleaseAfterMinutes is not null);
        var audience = ordered.First(p => p.Audience is not null);
        return new EffectivePolicy(
            Pick(p => p.MinDurationMinutes),
            Pick(p => p.MaxDurationMinutes),
            Pick(p => p.MaxDaysAhead),
            Pick(p => p.CheckInWindowMinutes),
            new Effective<int?>(release?.AutoReleaseAfterMinutes, release?.Level ?? PolicyLevel.Default),
            Pick(p => p.RequiresApproval),
            Pick(p => p.MaxConcurrentBookingsPerPerson),
            new Effective<BookingAudience>(audience.Audience!.Value, audience.Level),
            audience.AudienceGroupIds.ToHashSet());
    }

    /// <summary>Rules that contradict each other at one level, as message keys.</summary>
    public static IReadOnlyList<string> Validate(BookingPolicy policy)
    {
        var problems = new List<string>();
        if (policy.MinDurationMinutes is < 1) problems.Add("Policy.MinDurationPositive");
        if (policy.MinDurationMinutes is { } min && policy.MaxDurationMinutes is { } max && min > max) problems.Add("Policy.MinAboveMax");
        if (policy.MaxDaysAhead is < 0 or > 365) problems.Add("Policy.DaysAheadRange");
        if (policy.CheckInWindowMinutes is < 0) problems.Add("Policy.CheckInPositive");
        if (policy.AutoReleaseAfterMinutes is < 1) problems.Add("Policy.ReleasePositive");
        if (policy.MaxConcurrentBookingsPerPerson is < 1) problems.Add("Policy.ConcurrentPositive");
        if (policy.Audience is BookingAudience.RestrictedToGroups or BookingAudience.HiddenExceptGroups && policy.AudienceGroupIds.Count == 0) problems.Add("Policy.AudienceNeedsGroups");
        return problems;
    }
}
