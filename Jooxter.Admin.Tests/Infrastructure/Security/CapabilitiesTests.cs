using System.Security.Claims;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Tests.Infrastructure.Security;

public sealed class CapabilitiesTests
{
    [Fact]
    public void Every_capability_has_a_grant_and_a_policy_constant()
    {
        var constants = typeof(Policies).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        foreach (var capability in Enum.GetValues<Capability>())
        {
            Capabilities.RolesFor(capability).ShouldNotBeEmpty();
            constants.ShouldContain(Capabilities.Policy(capability));
        }
    }

    [Theory]
    [InlineData(Role.Auditor, Capability.ViewPlaces, true)]
    [InlineData(Role.Auditor, Capability.ManagePlaces, false)]
    [InlineData(Role.Auditor, Capability.ManagePeople, false)]
    [InlineData(Role.HrAdministrator, Capability.ManagePeople, true)]
    [InlineData(Role.HrAdministrator, Capability.ViewAudit, false)]
    [InlineData(Role.DataProtectionOfficer, Capability.ManagePrivacy, true)]
    [InlineData(Role.TenantAdministrator, Capability.ManageTenants, false)]
    [InlineData(Role.PlatformOperator, Capability.ManageTenants, true)]
    [InlineData(Role.SpaceManager, Capability.ManagePeople, false)]
    public void Roles_grant_what_the_console_promises(Role role, Capability capability, bool expected) =>
        Capabilities.Allows(capability, [role]).ShouldBe(expected);

    [Fact]
    public void The_auditor_can_change_nothing()
    {
        var writes = new[] { Capability.ManageTenants, Capability.ManagePlaces, Capability.ManagePeople, Capability.ArbitrateReservations, Capability.ManagePrivacy, Capability.ManageSettings };
        writes.ShouldAllBe(c => !Capabilities.Allows(c, new[] { Role.Auditor }));
    }

    [Fact]
    public void A_user_context_reads_roles_and_scopes_from_the_principal()
    {
        var zone = Guid.NewGuid();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, Guid.NewGuid().ToString()),
            new Claim(JooxterClaims.TenantId, Guid.NewGuid().ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.SpaceManager)),
            new Claim(ClaimTypes.Role, "NotARole"),
            new Claim(JooxterClaims.Scope, $"Zone:{zone}"),
            new Claim(JooxterClaims.Scope, "garbage"),
        ], "test"));

        var user = UserContext.FromPrincipal(principal);

        user.Roles.ShouldBe([Role.SpaceManager]);
        user.Scopes.ShouldBe([new AccessScope(ScopeKind.Zone, zone)]);
        user.IsScopedToAreas.ShouldBeTrue();
        user.Can(Capability.ViewPlaces).ShouldBeTrue();
        Should.Throw<AccessDeniedException>(() => user.Demand(Capability.ManagePeople));
    }

    [Fact]
    public void A_space_manager_who_is_also_an_auditor_stays_limited_to_their_areas()
    {
        var user = new UserContext(Guid.NewGuid(), Guid.NewGuid(), "", "", [Role.SpaceManager, Role.Auditor], [new AccessScope(ScopeKind.Floor, Guid.NewGuid())]);
        user.IsScopedToAreas.ShouldBeTrue();
        new UserContext(Guid.NewGuid(), Guid.NewGuid(), "", "", [Role.SpaceManager, Role.FacilityManager], []).IsScopedToAreas.ShouldBeFalse();
    }

    [Fact]
    public void An_anonymous_caller_can_do_nothing() =>
        Enum.GetValues<Capability>().ShouldAllBe(c => !UserContext.FromPrincipal(new ClaimsPrincipal()).Can(c));
}
