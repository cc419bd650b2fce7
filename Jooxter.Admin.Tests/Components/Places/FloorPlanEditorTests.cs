using System.Security.Claims;
using Bunit;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Components.Places;

/// <summary>The plan editor and the rules panels, rendered with bUnit over a real SQLite database.</summary>
public sealed class FloorPlanEditorTests : ComponentTestBase, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _floor;
    private Guid _desk;
    private Guid _room;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var (tenant, manager) = await _database.AddTenantAsync("plans", "fm@plans.test");
        await using (var db = _database.OpenForTenant(tenant, manager))
        {
            var building = new Building { Name = "HQ" };
            var floor = new Floor { BuildingId = building.Id, Name = "First", Level = 1 };
            var desk = new Space { FloorId = floor.Id, Name = "D-1", PlanX = 0.25, PlanY = 0.5 };
            var room = new Space { FloorId = floor.Id, Name = "Room A", Kind = SpaceKind.MeetingRoom, IsBookable = false };
            db.AddRange(building, floor, desk, room);
            await db.SaveChangesAsync();
            (_floor, _desk, _room) = (floor.Id, desk.Id, room.Id);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, manager.ToString()),
            new Claim(JooxterClaims.TenantId, tenant.ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.FacilityManager)),
        ], "test"));
        // A plain field, not the async-local HttpContextAccessor: this method's async context ends before the tests run.
        var accessor = new FixedHttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } };
        Context.Services.AddSingleton<IHttpContextAccessor>(accessor);
        Context.Services.AddSingleton(_database.Options);
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddScoped(_ => new CurrentUser(accessor));
        Context.Services.AddScoped<AdminDatabase>();
        Context.Services.AddScoped<PlanService>();
        Context.Services.AddScoped<BookingPolicyService>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<IRenderedComponent<FloorPlanEditor>> RenderEditorAsync(bool canEdit = true)
    {
        var markers = await Context.Services.GetRequiredService<PlanService>().MarkersAsync(_floor);
        Context.Render<MudBlazor.MudPopoverProvider>();
        return Context.Render<FloorPlanEditor>(ps => ps
            .Add(p => p.FloorId, _floor)
            .Add(p => p.Markers, markers)
            .Add(p => p.CanEdit, canEdit));
    }

    [Fact]
    public async Task Placed_markers_sit_at_their_relative_position_and_say_what_they_are()
    {
        var editor = await RenderEditorAsync();

        var desk = editor.Find($"[data-marker-id='{_desk}'][data-placed='true']");
        desk.GetAttribute("style")!.ShouldContain("left: 25%; top: 50%");
        desk.GetAttribute("aria-label")!.ShouldBe("Space D-1, bookable (25%, 50%)");
        editor.Find("[data-testid=unplaced]").TextContent.ShouldContain("Room A");
        editor.FindAll($"[data-marker-id='{_room}'][data-placed='true']").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_marker_can_be_placed_by_typing_coordinates_instead_of_dragging()
    {
        var editor = await RenderEditorAsync();

        await editor.InvokeAsync(() => editor.Instance.Selected("Space", _room.ToString()));
        editor.Find("[data-testid=marker-x]").Change("40");
        editor.Find("[data-testid=marker-y]").Change("12.5");
        await editor.Find("[data-testid=apply-coordinates]").ClickAsync(new());

        await using var db = _database.OpenSystem();
        var room = await db.Spaces.SingleAsync(s => s.Id == _room);
        (room.PlanX, room.PlanY).ShouldBe((0.4, 0.125));
    }

    [Fact]
    public async Task A_read_only_person_gets_no_editing_controls()
    {
        var editor = await RenderEditorAsync(canEdit: false);

        editor.Find("[data-testid=plan-editor]").GetAttribute("data-editable").ShouldBe("false");
        editor.FindAll("[data-testid=unplaced]").ShouldBeEmpty();
    }

    [Fact]
    public void The_rules_panel_shows_each_rule_with_the_level_it_comes_from()
    {
        var effective = PolicyResolver.Resolve([new BookingPolicy { Level = PolicyLevel.Floor, MaxDaysAhead = 5 }]);

        var panel = Context.Render<EffectiveRules>(ps => ps.Add(p => p.Policy, effective));

        var row = panel.Find("tr[data-rule='Bookable days ahead']");
        row.TextContent.ShouldContain("5");
        row.TextContent.ShouldContain("floor");
        panel.Find("tr[data-rule='Who may book']").TextContent.ShouldContain("default");
    }

    [Fact]
    public void The_rules_editor_leaves_inherited_rules_empty_and_hides_saving_from_readers()
    {
        Context.Render<MudBlazor.MudPopoverProvider>();
        var editor = Context.Render<PolicyEditor>(ps => ps.Add(p => p.Level, PolicyLevel.Space).Add(p => p.TargetId, _desk).Add(p => p.CanEdit, false));

        editor.WaitForAssertion(() => editor.Find("[data-testid=policy-days-ahead]").GetAttribute("value").ShouldBeNullOrEmpty());
        editor.FindAll("[data-testid=save-policy]").ShouldBeEmpty();
    }
}

internal sealed class FixedHttpContextAccessor : IHttpContextAccessor
{
    public HttpContext? HttpContext { get; set; }
}
