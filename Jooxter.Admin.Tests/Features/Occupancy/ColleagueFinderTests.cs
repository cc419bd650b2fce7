using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Occupancy;

public sealed class ColleagueFinderTests(OccupancyApp app) : IClassFixture<OccupancyApp>
{
    private AdminAppFactory Factory => app.App;

    [Fact]
    public async Task Colleagues_of_the_same_group_show_where_they_are_and_only_consenting_people_have_a_position()
    {
        var now = app.Clock.GetUtcNow();
        var world = await OccupancyWorld.CreateAsync(Factory, now.UtcDateTime);
        var group = new UserGroup { Name = "Team" };
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            db.UserGroups.Add(group);
            db.UserGroupMembers.AddRange(
                new UserGroupMember { UserGroupId = group.Id, EmployeeId = world.Ann },
                new UserGroupMember { UserGroupId = group.Id, EmployeeId = world.Bob },
                new UserGroupMember { UserGroupId = group.Id, EmployeeId = world.Cid });
            await db.SaveChangesAsync();
        }

        // Ann (consented) and Cid (withdrew) are both heard at desk 1's beacon.
        using (var client = Factory.CreateClient())
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", world.IngestionKey);
            (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, "/api/v1/detections", new { sightings = new[] { world.Sighting(world.Ann, OccupancyWorld.Beacon1, now), world.Sighting(world.Cid, OccupancyWorld.Beacon1, now) } })).EnsureSuccessStatusCode();
        }

        var admin = (await ServiceCaller.ResolveAsync(Factory, world.AdminEmail, tenantSlug: world.Slug)).Principal!;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using (var scope = ServiceCaller.As(Factory, admin))
        {
            var finder = scope.ServiceProvider.GetRequiredService<ColleagueFinderService>();
            (await finder.DeclareAsync(world.Cid, today, WorkplaceStatus.Remote)).Succeeded.ShouldBeTrue();
            var view = (await finder.FindAsync(world.Bob, today))!;
            view.Groups.Single().Colleagues.Select(c => (c.Name, c.SeenAt, c.Declared)).ShouldBe(
            [
                ("Ann Tester", "First · North", (WorkplaceStatus?)null),
                ("Cid Tester", (string?)null, WorkplaceStatus.Remote),
            ]);
        }

        // A space manager of another floor, with no group in scope, reaches nobody here.
        var manager = (await ServiceCaller.ResolveAsync(Factory, world.OtherFloorManagerEmail, tenantSlug: world.Slug)).Principal!;
        await using (var scope = ServiceCaller.As(Factory, manager))
        {
            var finder = scope.ServiceProvider.GetRequiredService<ColleagueFinderService>();
            (await finder.FindAsync(world.Bob, today)).ShouldBeNull();
            (await finder.DeclareAsync(world.Ann, today, WorkplaceStatus.Absent)).Succeeded.ShouldBeFalse();
            (await finder.PeopleAsync("Ann")).ShouldBeEmpty();
        }
    }
}
