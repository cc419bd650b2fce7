using System.Text;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Places;

[Collection(ConsoleCollection.Name)]
public sealed class PlacesServicesTests(AdminAppFactory factory)
{
    private async Task<(Guid Paris, Guid Lyon, Guid ScopedFloor, Guid OtherFloor)> PlacesAsync()
    {
        await using var db = factory.OpenSystemDb();
        var paris = await db.Buildings.SingleAsync(b => b.Name == "Paris – Opéra");
        var lyon = await db.Buildings.SingleAsync(b => b.Name == "Lyon – Part-Dieu");
        var scoped = await db.Floors.SingleAsync(f => f.BuildingId == paris.Id && f.Level == 2);
        var other = await db.Floors.SingleAsync(f => f.BuildingId == paris.Id && f.Level == 3);
        return (paris.Id, lyon.Id, scoped.Id, other.Id);
    }

    [Fact]
    public async Task A_space_manager_sees_and_changes_only_their_floor()
    {
        var (paris, lyon, scopedFloor, otherFloor) = await PlacesAsync();
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.SpaceManager.Email));
        var places = scope.ServiceProvider.GetRequiredService<PlacesService>();

        (await places.GetBuildingAsync(lyon)).ShouldBeNull();
        var building = (await places.GetBuildingAsync(paris))!;
        building.Floors.Select(f => f.Id).ShouldBe([scopedFloor]);
        building.CanEdit.ShouldBeFalse();
        (await places.GetFloorAsync(otherFloor)).ShouldBeNull();

        (await places.SaveSpaceAsync(new SpaceForm { FloorId = scopedFloor, Name = $"SM-{Guid.NewGuid():N}"[..12] })).Result.Succeeded.ShouldBeTrue();
        await Should.ThrowAsync<AccessDeniedException>(() => places.SaveSpaceAsync(new SpaceForm { FloorId = otherFloor, Name = "Intruder" }));
        await Should.ThrowAsync<AccessDeniedException>(() => places.SaveBuildingAsync(new BuildingForm { Name = "New HQ" }));
        await Should.ThrowAsync<AccessDeniedException>(() => places.ArchiveAsync(new PlaceTarget(PlaceKind.Floor, otherFloor), ImpactDecision.Keep));
        (await places.ListSpacesAsync(new SpaceQuery(BuildingId: paris, PageSize: 500))).Items.ShouldAllBe(s => s.Floor == "Étage 2");
    }

    [Fact]
    public async Task Disabling_a_space_with_future_reservations_asks_first_and_cancels_with_notice()
    {
        var (_, _, floor, _) = await PlacesAsync();
        Guid spaceId;
        await using (var db = factory.OpenSystemDb())
        {
            var now = DateTime.UtcNow;
            spaceId = await db.Reservations.Where(r => r.StartsAtUtc > now && r.Status == ReservationStatus.Confirmed)
                .Join(db.Spaces.Where(s => s.FloorId == floor && s.IsEnabled), r => r.SpaceId, s => s.Id, (r, s) => s.Id).FirstAsync();
        }

        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email));
        var places = scope.ServiceProvider.GetRequiredService<PlacesService>();
        var form = (await places.GetSpaceAsync(spaceId))!;
        form.IsEnabled = false;
        (await places.SaveSpaceAsync(form)).Result.Errors.Single().MessageKey.ShouldBe("Places.HasFutureReservations");

        var affected = await places.ImpactAsync(new PlaceTarget(PlaceKind.Space, spaceId));
        affected.ShouldNotBeEmpty();
        (await places.ArchiveAsync(new PlaceTarget(PlaceKind.Space, spaceId), ImpactDecision.CancelWithNotice)).ShouldBe(affected.Count);

        await using var check = factory.OpenSystemDb();
        var ids = affected.Select(a => a.Id).ToList();
        (await check.Reservations.Where(r => ids.Contains(r.Id)).AllAsync(r => r.Status == ReservationStatus.Cancelled)).ShouldBeTrue();
        (await check.ReservationNotices.CountAsync(n => ids.Contains(n.ReservationId) && n.Kind == ReservationNoticeKind.Cancelled && n.RecipientId == null && n.GuestId == null)).ShouldBe(ids.Count);
        (await check.Spaces.SingleAsync(s => s.Id == spaceId)).IsEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task A_hostile_svg_plan_is_stored_cleaned_and_served_inert_only_to_its_customer()
    {
        var (_, _, floor, _) = await PlacesAsync();
        await using (var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email)))
        {
            var plans = scope.ServiceProvider.GetRequiredService<PlanService>();
            var hostile = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400" onload="alert(1)"><script>alert(2)</script><rect width="800" height="400"/></svg>""";
            (await plans.UploadAsync(floor, Encoding.UTF8.GetBytes(hostile))).Succeeded.ShouldBeTrue();
            var stored = (await plans.GetAsync(floor))!;
            stored.ContentType.ShouldBe("image/svg+xml");
            Encoding.UTF8.GetString(stored.Content).ShouldNotContain("alert");

            var bomb = """<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>""";
            (await plans.UploadAsync(floor, Encoding.UTF8.GetBytes(bomb))).Errors.Single().MessageKey.ShouldBe("Plan.SvgDoctype");
            (await plans.UploadAsync(floor, Encoding.UTF8.GetBytes("%PDF-1.4"))).Errors.Single().MessageKey.ShouldBe("Plan.UnsupportedType");
        }

        var (demo, _) = await factory.SignInAsync(DemoPersonas.FacilityManager.Email);
        var response = await demo.GetAsync($"/places/floors/{floor}/plan");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");

        var (acme, _) = await factory.SignInAsync(DemoPersonas.OtherCustomerAdmin.Email);
        (await acme.GetAsync($"/places/floors/{floor}/plan")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_space_or_zone_name_differing_only_in_case_or_accents_is_taken()
    {
        var (_, _, floor, _) = await PlacesAsync();
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email));
        var places = scope.ServiceProvider.GetRequiredService<PlacesService>();
        var name = $"Bureau Été {Guid.NewGuid():N}"[..20];
        (await places.SaveSpaceAsync(new SpaceForm { FloorId = floor, Name = name })).Result.Succeeded.ShouldBeTrue();

        (await places.SaveSpaceAsync(new SpaceForm { FloorId = floor, Name = name.ToLowerInvariant() })).Result.Errors.Single().MessageKey.ShouldBe("Places.NameTaken");
        (await places.SaveSpaceAsync(new SpaceForm { FloorId = floor, Name = "  " + name.Replace("Été", "ete", StringComparison.Ordinal).ToUpperInvariant() })).Result.Errors.Single().MessageKey.ShouldBe("Places.NameTaken");

        var zone = $"Aile Nord {Guid.NewGuid():N}"[..18];
        (await places.SaveZoneAsync(floor, null, zone)).Result.Succeeded.ShouldBeTrue();
        (await places.SaveZoneAsync(floor, null, zone.ToUpperInvariant())).Result.Errors.Single().MessageKey.ShouldBe("Places.NameTaken");
    }

    [Fact]
    public async Task Renaming_a_floor_or_a_list_entry_from_a_stale_or_unknown_version_is_a_conflict()
    {
        var (building, _, floor, _) = await PlacesAsync();
        await using (var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email)))
        {
            var places = scope.ServiceProvider.GetRequiredService<PlacesService>();
            var read = (await places.GetFloorAsync(floor))!;
            (await places.SaveFloorAsync(building, floor, read.Level, read.Name + " A", read.Version)).Result.Succeeded.ShouldBeTrue();

            (await places.SaveFloorAsync(building, floor, read.Level, read.Name + " B", read.Version)).Result.Errors.Single().MessageKey.ShouldBe("Common.Conflict");
            (await places.SaveFloorAsync(building, floor, read.Level, read.Name + " C")).Result.Errors.Single().MessageKey.ShouldBe("Common.Conflict");
            var renamed = (await places.GetFloorAsync(floor))!;
            renamed.Name.ShouldBe(read.Name + " A");
            (await places.SaveFloorAsync(building, floor, read.Level, read.Name, renamed.Version)).Result.Succeeded.ShouldBeTrue();
        }

        await using var hr = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.HrAdmin.Email));
        var lists = hr.ServiceProvider.GetRequiredService<Jooxter.Admin.Features.People.PeopleListService>();
        var name = $"Versioned {Guid.NewGuid():N}"[..20];
        (await lists.SaveAsync(Jooxter.Admin.Features.People.PeopleListKind.Companies, null, name)).Succeeded.ShouldBeTrue();
        var entry = (await lists.ListAsync(Jooxter.Admin.Features.People.PeopleListKind.Companies)).Single(e => e.Name == name);
        (await lists.SaveAsync(Jooxter.Admin.Features.People.PeopleListKind.Companies, entry.Id, name + "1", entry.Version)).Succeeded.ShouldBeTrue();
        (await lists.SaveAsync(Jooxter.Admin.Features.People.PeopleListKind.Companies, entry.Id, name + "2", entry.Version)).Errors.Single().MessageKey.ShouldBe("Common.Conflict");
    }

    [Fact]
    public async Task Concurrent_edits_of_a_space_and_of_rules_are_refused_not_overwritten()
    {
        var (_, _, floor, _) = await PlacesAsync();
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email));
        var places = scope.ServiceProvider.GetRequiredService<PlacesService>();
        var rules = scope.ServiceProvider.GetRequiredService<BookingPolicyService>();
        var id = (await places.SaveSpaceAsync(new SpaceForm { FloorId = floor, Name = $"C-{Guid.NewGuid():N}"[..12] })).Id!.Value;

        var mine = (await places.GetSpaceAsync(id))!;
        var theirs = (await places.GetSpaceAsync(id))!;
        theirs.Capacity = 3;
        (await places.SaveSpaceAsync(theirs)).Result.Succeeded.ShouldBeTrue();
        mine.Capacity = 5;
        (await places.SaveSpaceAsync(mine)).Result.Errors.Single().MessageKey.ShouldBe("Common.Conflict");
        (await places.GetSpaceAsync(id))!.Capacity.ShouldBe(3);

        (await rules.SaveAsync(new BookingPolicy { Level = PolicyLevel.Space, TargetId = id, MaxDaysAhead = 3 })).Succeeded.ShouldBeTrue();
        var first = await rules.GetAsync(PolicyLevel.Space, id);
        var second = await rules.GetAsync(PolicyLevel.Space, id);
        first.MaxDaysAhead = 4;
        (await rules.SaveAsync(first)).Succeeded.ShouldBeTrue();
        second.MaxDaysAhead = 5;
        (await rules.SaveAsync(second)).Errors.Single().MessageKey.ShouldBe("Common.Conflict");
    }

    [Fact]
    public async Task A_space_shows_the_rules_that_apply_and_where_they_come_from()
    {
        var (paris, _, floor, _) = await PlacesAsync();
        await using var scope = ServiceCaller.As(factory, await ServiceCaller.SignInAsync(factory, DemoPersonas.FacilityManager.Email));
        var rules = scope.ServiceProvider.GetRequiredService<BookingPolicyService>();
        var places = scope.ServiceProvider.GetRequiredService<PlacesService>();
        var space = (await places.SaveSpaceAsync(new SpaceForm { FloorId = floor, Name = $"R-{Guid.NewGuid():N}"[..12] })).Id!.Value;

        (await rules.SaveAsync(new BookingPolicy { Level = PolicyLevel.Building, TargetId = paris, MaxDaysAhead = 21 })).Succeeded.ShouldBeTrue();
        (await rules.SaveAsync(new BookingPolicy { Level = PolicyLevel.Space, TargetId = space, RequiresApproval = true })).Succeeded.ShouldBeTrue();
        (await rules.SaveAsync(new BookingPolicy { Level = PolicyLevel.Space, TargetId = space, MinDurationMinutes = 90, MaxDurationMinutes = 30 })).Succeeded.ShouldBeFalse();

        var effective = (await rules.EffectiveForSpaceAsync(space))!;
        effective.MaxDaysAhead.ShouldBe(new Effective<int>(21, PolicyLevel.Building));
        effective.RequiresApproval.ShouldBe(new Effective<bool>(true, PolicyLevel.Space));
        effective.MinDurationMinutes.Source.ShouldBe(PolicyLevel.Default);
    }
}
