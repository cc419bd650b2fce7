using System.Diagnostics;
using System.Security.Claims;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jooxter.Admin.Tests.Benchmarks;

/// <summary>
/// Seatsurfing's published load (1,000 users, 500 spaces, 200,000 bookings per organisation) in several customers on
/// SQLite: availability for a floor and a building, booking creation, and the arbitration queue with 2,000 open items,
/// each as p50/p95 server time, against a baseline in the same run (one floor's spaces read by key).
/// </summary>
public static class ReservationBenchmark
{
    private const int Employees = 1_000;
    private const int Floors = 5;
    private const int SpacesPerFloor = 100;
    private const int Bookings = 200_000;
    private const int OpenItems = 2_000;

    public static async Task RunAsync(int customers, TextWriter output)
    {
        await using var database = await TestDatabase.CreateAsync();
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var watch = Stopwatch.StartNew();
        Customer? measured = null;
        for (var c = 0; c < customers; c++)
        {
            var customer = await SeedAsync(database, $"bench{c}", today, now);
            measured ??= customer;
        }

        output.WriteLine($"Seeded {customers} customers × ({Employees:N0} employees, {Floors * SpacesPerFloor} spaces, {Bookings:N0} bookings, {OpenItems:N0} awaiting approval) in {watch.Elapsed.TotalSeconds:F0} s");
        var m = measured!;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(JooxterClaims.EmployeeId, m.ManagerId.ToString()),
            new Claim(JooxterClaims.TenantId, m.TenantId.ToString()),
            new Claim(ClaimTypes.Role, nameof(Role.FacilityManager)),
        ], "bench"));
        var user = new CurrentUser(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } });
        var admin = new AdminDatabase(database.Options, TimeProvider.System, user);
        var reservations = new ReservationService(admin, user, TimeProvider.System);
        var arbitration = new ArbitrationService(admin, user, TimeProvider.System);

        if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
        {
            // Diagnosis: each statement of one search and one queue read, with its duration.
            database.Options.LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddSimpleConsole().AddFilter((category, level) => category == "Microsoft.EntityFrameworkCore.Database.Command" && level >= Microsoft.Extensions.Logging.LogLevel.Information));
            var at = today.AddDays(3).ToDateTime(new TimeOnly(9, 0));
            await reservations.SearchAsync(new AvailabilityQuery { BuildingId = m.BuildingId, FloorId = m.FloorIds[2], LocalStart = at, LocalEnd = at.AddHours(3) });
            await arbitration.QueueAsync(new QueueFilter());
            await Task.Delay(500);
            database.Options.LoggerFactory = null;
            return;
        }

        var baseline = await MeasureAsync(async () =>
        {
            await using var db = database.OpenForTenant(m.TenantId);
            return (await db.Spaces.AsNoTracking().Where(s => s.FloorId == m.FloorIds[2]).Select(s => new { s.Id, s.Name, s.Kind, s.Capacity }).ToListAsync()).Count;
        });
        output.WriteLine($"Baseline, one floor's {SpacesPerFloor} spaces read by key: p50 {baseline.P50:F1} ms, p95 {baseline.P95:F1} ms");

        var slot = today.AddDays(3).ToDateTime(new TimeOnly(9, 0));
        var found = 0;
        var floor = await MeasureAsync(async () =>
        {
            var result = await reservations.SearchAsync(new AvailabilityQuery { BuildingId = m.BuildingId, FloorId = m.FloorIds[2], LocalStart = slot, LocalEnd = slot.AddHours(3) });
            found = result.Spaces.Count(s => s.Free);
            return result.Spaces.Count;
        });
        Report(output, $"Availability, one floor, 09:00–12:00 in 3 days ({found} free)", floor, baseline);

        var building = await MeasureAsync(async () =>
        {
            var result = await reservations.SearchAsync(new AvailabilityQuery { BuildingId = m.BuildingId, LocalStart = slot, LocalEnd = slot.AddHours(3) });
            found = result.Spaces.Count(s => s.Free);
            return result.Spaces.Count;
        });
        Report(output, $"Availability, whole building ({found} free)", building, baseline);

        // Each run books another desk for another person, in the evening of a day 10 days ahead (free of the seeded bookings).
        var next = 0;
        var evening = today.AddDays(10).ToDateTime(new TimeOnly(19, 0));
        var refused = 0;
        var create = await MeasureAsync(async () =>
        {
            var i = next++;
            var result = await reservations.BookAsync(new BookingForm { SpaceId = m.SpaceIds[i], BeneficiaryId = m.EmployeeIds[i], LocalStart = evening, LocalEnd = evening.AddHours(1) });
            if (!result.Result.Succeeded) refused++;
            return 1;
        });
        Report(output, $"Booking creation ({next} bookings, {refused} refused)", create, baseline);

        var total = 0;
        var queue = await MeasureAsync(async () =>
        {
            var page = await arbitration.QueueAsync(new QueueFilter());
            total = page.Total;
            return page.Items.Count;
        });
        Report(output, $"Arbitration queue, first page of 50 ({total:N0} open items, counts per kind)", queue, baseline);
    }

    private static void Report(TextWriter output, string name, (double P50, double P95) timing, (double P50, double P95) baseline) =>
        output.WriteLine($"{name}: p50 {timing.P50:F1} ms, p95 {timing.P95:F1} ms = {timing.P95 / baseline.P95:F1} x baseline p95");

    private static async Task<(double P50, double P95)> MeasureAsync(Func<Task<int>> action, int runs = 60)
    {
        await action();
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    private sealed record Customer(Guid TenantId, Guid ManagerId, Guid BuildingId, Guid[] FloorIds, Guid[] SpaceIds, Guid[] EmployeeIds);

    private static async Task<Customer> SeedAsync(TestDatabase database, string slug, DateOnly today, DateTime now)
    {
        var (tenantId, managerId) = await database.AddTenantAsync(slug, $"manager@{slug}.test");
        var employees = Enumerable.Range(1, Employees).Select(i => new Employee { FirstName = "Person", LastName = $"N{i:0000}", Email = $"p{i}@{slug}.test" }).ToList();
        var building = new Building { Name = "HQ", TimeZone = "Europe/Paris", OpenDays = OpenDays.Everyday };
        var floors = Enumerable.Range(0, Floors).Select(l => new Floor { BuildingId = building.Id, Level = l, Name = $"Floor {l}" }).ToList();
        var spaces = floors.SelectMany(f => Enumerable.Range(1, SpacesPerFloor).Select(i => new Space { FloorId = f.Id, Name = $"{f.Level}-{i:000}", Kind = SpaceKind.Desk })).ToList();
        var bookings = new List<Reservation>(Bookings);
        var random = new Random(42);
        var day = today.AddDays(30);
        var open = 0;
        while (bookings.Count < Bookings)
        {
            // The next 30 days half booked, the past fully: 200,000 bookings reach back about a year.
            var future = day > today;
            foreach (var space in spaces)
            {
                if ((future && random.Next(2) == 0) || bookings.Count == Bookings)
                {
                    continue;
                }

                var status = future ? ReservationStatus.Confirmed : random.Next(10) == 0 ? ReservationStatus.Released : ReservationStatus.CheckedIn;
                if (future && open < OpenItems && random.Next(3) == 0)
                {
                    status = ReservationStatus.AwaitingApproval;
                    open++;
                }

                var start = day.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc);
                bookings.Add(new Reservation { SpaceId = space.Id, HolderId = employees[random.Next(Employees)].Id, StartsAtUtc = start, EndsAtUtc = start.AddHours(9), Status = status, CreatedAtUtc = start.AddDays(-3) < now ? start.AddDays(-3) : now });
            }

            day = day.AddDays(-1);
        }

        await using (var db = database.OpenForTenant(tenantId, managerId))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.RoleAssignments.Add(new RoleAssignment { EmployeeId = managerId, Role = Role.FacilityManager });
            await db.SaveChangesAsync();
            await db.BulkInsertAsync(employees);
            await db.BulkInsertAsync([building]);
            await db.BulkInsertAsync(floors);
            await db.BulkInsertAsync(spaces);
            await db.BulkInsertAsync(bookings);
            await transaction.CommitAsync();
        }

        return new Customer(tenantId, managerId, building.Id, floors.Select(f => f.Id).ToArray(), spaces.Select(s => s.Id).ToArray(), employees.Select(e => e.Id).ToArray());
    }
}
