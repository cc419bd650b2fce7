using System.Diagnostics;
using System.Security.Claims;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Plans;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Components.Places;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// One building with N spaces (5 floors): server time for the space list and the plan view, against a baseline in the
/// same run (25 spaces read by primary key).
/// </summary>
public static class PlacesBenchmark
{
    public static async Task RunAsync(int count, TextWriter output)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (tenantId, managerId) = await database.AddTenantAsync("bench", "fm@bench.test");
        var building = new Building { Name = "Tower" };
        var floors = Enumerable.Range(0, 5).Select(l => new Floor { BuildingId = building.Id, Level = l, Name = $"Floor {l}" }).ToList();
        var zones = floors.SelectMany(f => Enumerable.Range(0, 10).Select(z => new Zone { FloorId = f.Id, Name = $"Zone {z}" })).ToList();
        var random = new Random(5000);
        var spaces = Enumerable.Range(0, count).Select(i =>
        {
            var zone = zones[i % zones.Count];
            return new Space { FloorId = zone.FloorId, ZoneId = zone.Id, Name = $"S{i:00000}", Kind = i % 20 == 0 ? SpaceKind.MeetingRoom : SpaceKind.Desk, PlanX = random.NextDouble(), PlanY = random.NextDouble() };
        }).ToList();
        var watch = Stopwatch.StartNew();
        await using (var db = database.OpenForTenant(tenantId, managerId))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync([building]);
            await db.BulkInsertAsync(floors);
            await db.BulkInsertAsync(zones);
            await db.BulkInsertAsync(spaces);
            await transaction.CommitAsync();
        }

        output.WriteLine($"Seeded one building with {count:N0} spaces on 5 floors in {watch.Elapsed.TotalSeconds:F1} s");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, managerId.ToString()),
            new Claim(JooxterClaims.TenantId, tenantId.ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.FacilityManager)),
        ], "bench"));
        var accessor = new FixedHttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } };
        var adminDatabase = new AdminDatabase(database.Options, TimeProvider.System, new CurrentUser(accessor));
        var places = new PlacesService(adminDatabase, new CurrentUser(accessor), TimeProvider.System);
        var plans = new PlanService(adminDatabase, new CurrentUser(accessor), TimeProvider.System);

        var baseline = await Timing.MeasureAsync(async () =>
        {
            await using var db = database.OpenForTenant(tenantId);
            return (await db.Spaces.AsNoTracking().OrderBy(s => s.Id).Take(25).ToListAsync()).Count;
        });
        output.WriteLine($"Baseline, 25 spaces by primary key: median {baseline.Median:F1} ms");

        var cases = new (string Name, Func<Task<int>> Run)[]
        {
            ("Space list, building, first page of 25", async () => (await places.ListSpacesAsync(new SpaceQuery(BuildingId: building.Id))).Items.Count),
            ("Space list, building, page 100", async () => (await places.ListSpacesAsync(new SpaceQuery(BuildingId: building.Id, Page: 100))).Items.Count),
            ("Space list, one floor, search 'S012'", async () => (await places.ListSpacesAsync(new SpaceQuery(FloorId: floors[2].Id, Search: "S012"))).Items.Count),
            ("Space list, meeting rooms only", async () => (await places.ListSpacesAsync(new SpaceQuery(BuildingId: building.Id, Kind: SpaceKind.MeetingRoom))).Items.Count),
            ($"Plan view of one floor ({count / 5:N0} markers)", async () => (await plans.MarkersAsync(floors[0].Id)).Count),
            ("Floor page header (zones, plan size)", async () => (await places.GetFloorAsync(floors[0].Id))!.Zones.Count),
            ("Building page (floors with counts)", async () => (await places.GetBuildingAsync(building.Id))!.Floors.Count),
        };
        foreach (var (name, run) in cases)
        {
            var timing = await Timing.MeasureAsync(run);
            output.WriteLine($"{name}: median {timing.Median:F1} ms, max {timing.Max:F1} ms = {timing.Median / baseline.Median:F1} x baseline");
        }
    }
}
