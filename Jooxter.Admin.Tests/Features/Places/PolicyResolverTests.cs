using Jooxter.Admin.Features.Places.Booking;

namespace Jooxter.Admin.Tests.Features.Places;

public sealed class PolicyResolverTests
{
    private static readonly Guid Sales = Guid.NewGuid();
    private static readonly Guid Board = Guid.NewGuid();

    [Fact]
    public void Without_any_policy_the_defaults_apply_and_say_so()
    {
        var effective = PolicyResolver.Resolve([]);

        effective.MaxDaysAhead.ShouldBe(new Effective<int>(30, PolicyLevel.Default));
        effective.Audience.ShouldBe(new Effective<BookingAudience>(BookingAudience.Everyone, PolicyLevel.Default));
        effective.AutoReleaseAfterMinutes.Value.ShouldBeNull();
    }

    [Fact]
    public void The_most_specific_level_wins_rule_by_rule()
    {
        var building = new BookingPolicy { Level = PolicyLevel.Building, MaxDaysAhead = 14, MaxDurationMinutes = 480, AutoReleaseAfterMinutes = 30 };
        var floor = new BookingPolicy { Level = PolicyLevel.Floor, MaxDaysAhead = 7 };
        var space = new BookingPolicy { Level = PolicyLevel.Space, RequiresApproval = true, MaxDurationMinutes = 120 };

        // The order given does not matter, and a missing zone level is simply skipped.
        var effective = PolicyResolver.Resolve([space, null, building, floor]);

        effective.MaxDaysAhead.ShouldBe(new Effective<int>(7, PolicyLevel.Floor));
        effective.MaxDurationMinutes.ShouldBe(new Effective<int>(120, PolicyLevel.Space));
        effective.RequiresApproval.ShouldBe(new Effective<bool>(true, PolicyLevel.Space));
        effective.AutoReleaseAfterMinutes.ShouldBe(new Effective<int?>(30, PolicyLevel.Building));
        effective.MinDurationMinutes.Source.ShouldBe(PolicyLevel.Default);
    }

    [Fact]
    public void The_audience_comes_with_the_groups_of_the_level_that_sets_it()
    {
        var building = new BookingPolicy { Level = PolicyLevel.Building, Audience = BookingAudience.RestrictedToGroups, AudienceGroupIds = [Sales] };
        var zone = new BookingPolicy { Level = PolicyLevel.Zone, Audience = BookingAudience.HiddenExceptGroups, AudienceGroupIds = [Board] };

        var effective = PolicyResolver.Resolve([building, zone]);

        effective.Audience.ShouldBe(new Effective<BookingAudience>(BookingAudience.HiddenExceptGroups, PolicyLevel.Zone));
        effective.IsVisibleTo(new HashSet<Guid> { Sales }).ShouldBeFalse();
        effective.IsVisibleTo(new HashSet<Guid> { Board }).ShouldBeTrue();
    }

    [Fact]
    public void A_restricted_space_is_visible_but_not_bookable_for_other_groups()
    {
        var effective = PolicyResolver.Resolve([new BookingPolicy { Level = PolicyLevel.Space, Audience = BookingAudience.RestrictedToGroups, AudienceGroupIds = [Sales] }]);

        effective.IsVisibleTo(new HashSet<Guid>()).ShouldBeTrue();
        effective.IsBookableBy(new HashSet<Guid>()).ShouldBeFalse();
        effective.IsBookableBy(new HashSet<Guid> { Sales }).ShouldBeTrue();
    }

    [Fact]
    public void Contradictory_rules_at_one_level_are_reported()
    {
        PolicyResolver.Validate(new BookingPolicy { MinDurationMinutes = 60, MaxDurationMinutes = 30, Audience = BookingAudience.RestrictedToGroups })
            .ShouldBe(["Policy.MinAboveMax", "Policy.AudienceNeedsGroups"]);
        PolicyResolver.Validate(new BookingPolicy { MaxDaysAhead = 14 }).ShouldBeEmpty();
    }
}
