using Bogus;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Infrastructure.Demo;

/// <summary>
/// Seeds, once, a demo customer big enough to feel real: two buildings, eight floors, about 320 spaces,
/// 500 employees in groups and departments, four weeks of reservations around the seeding day, one persona per
/// role; plus the platform's own organisation and a small second customer. The random generator has a fixed seed,
/// so the content is the same on every machine; only dates follow the day of seeding.
/// </summary>
public sealed partial class DemoDataSeeder(AdminDatabase database, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    private const int Seed = 20261130;
    public const int DemoEmployeeCount = 500;

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using (var probe = database.OpenSystem("system:seed"))
        {
            if (await probe.Tenants.AnyAsync(t => t.Slug == DemoPersonas.DemoTenant, ct))
            {
                return;
            }
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await using var db = database.OpenSystem("system:seed");
        var random = new Randomizer(Seed);
        var faker = new Faker("fr") { Random = random };

        var operatorTenant = new Tenant { Slug = DemoPersonas.OperatorTenant, Name = "Jooxter", ContractStart = new DateOnly(2015, 1, 1), IsOperator = true };
        var demo = new Tenant { Slug = DemoPersonas.DemoTenant, Name = "Demo Corp", ContractStart = today.AddYears(-2), DefaultLanguage = "fr" };
        var acme = new Tenant { Slug = DemoPersonas.OtherTenant, Name = "Acme Logistics", ContractStart = today.AddMonths(-6), DefaultLanguage = "en", CountryCode = "GB" };
        db.Tenants.AddRange(operatorTenant, demo, acme);

        AddPersona(db, operatorTenant, DemoPersonas.Operator, "en");

        var (buildings, floors, zones, spaces) = AddPlaces(db, demo, random);
        foreach (var floor in floors)
        {
            db.FloorPlans.Add(DemoFloorPlans.Draw(floor, zones.Where(z => z.FloorId == floor.Id).ToList(), spaces.Where(s => s.FloorId == floor.Id).ToList(), clock.GetUtcNow().UtcDateTime));
        }
        var departments = new[] { "Finance", "Ressources humaines", "Ingénierie", "Produit", "Ventes", "Marketing", "Juridique", "Services généraux" }
            .Select(n => new Department { TenantId = demo.Id, Name = n }).ToList();
        var groups = new[] { "Équipe Produit", "Équipe Plateforme", "Commerciaux Paris", "Commerciaux Lyon", "Direction", "Support", "Data", "Design", "Nomades", "Nouveaux arrivants" }
            .Select(n => new UserGroup { TenantId = demo.Id, Name = n, Description = faker.Lorem.Sentence(6) }).ToList();
        db.Departments.AddRange(departments);
        db.UserGroups.AddRange(groups);

        var employees = new List<Employee>();
        foreach (var persona in DemoPersonas.All.Where(p => p.TenantSlug == DemoPersonas.DemoTenant).Append(DemoPersonas.Deactivated))
        {
            employees.Add(AddPersona(db, demo, persona, "en", departments[random.Number(departments.Count - 1)].Id, buildings[0].Id));
        }

        employees[^1].Deactivate();
        var spaceManager = employees.Single(e => e.Email == DemoPersonas.SpaceManager.Email);
        db.RoleAssignments.AddRange(
            new RoleAssignment { TenantId = demo.Id, EmployeeId = spaceManager.Id, Role = Role.SpaceManager, ScopeKind = ScopeKind.Floor, ScopeId = floors[2].Id },
            new RoleAssignment { TenantId = demo.Id, EmployeeId = spaceManager.Id, Role = Role.SpaceManager, ScopeKind = ScopeKind.UserGroup, ScopeId = groups[0].Id },
            new RoleAssignment { TenantId = demo.Id, EmployeeId = employees.Single(e => e.Email == DemoPersonas.Assistant.Email).Id, Role = Role.Assistant, ScopeKind = ScopeKind.UserGroup, ScopeId = groups[0].Id });

        var usedEmails = employees.Select(e => e.NormalizedEmail).ToHashSet();
        while (employees.Count < DemoEmployeeCount)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var local = $"{Slug(first)}.{Slug(last)}";
            var email = $"{local}@demo.jooxter.test";
            for (var n = 2; usedEmails.Contains(Employee.NormalizeEmail(email)); n++)
            {
                email = $"{local}{n}@demo.jooxter.test";
            }

            var employee = new Employee
            {
                TenantId = demo.Id,
                FirstName = first,
                LastName = last,
                Email = email,
                NormalizedEmail = Employee.NormalizeEmail(email),
                Language = random.Bool(0.7f) ? "fr" : "en",
                Phone = $"+336{random.Number(10000000, 99999999)}",
                DepartmentId = random.ListItem(departments).Id,
                HomeBuildingId = random.Bool(0.65f) ? buildings[0].Id : buildings[1].Id,
                Status = random.Bool(0.03f) ? EmployeeStatus.Deactivated : EmployeeStatus.Active,
            };
            usedEmails.Add(employee.NormalizedEmail);
            employees.Add(employee);
            db.Employees.Add(employee);
        }

        foreach (var employee in employees)
        {
            foreach (var group in random.ListItems(groups, random.Number(1, 2)))
            {
                db.UserGroupMembers.Add(new UserGroupMember { TenantId = demo.Id, UserGroupId = group.Id, EmployeeId = employee.Id });
            }
        }

        AddReservations(db, demo, buildings, floors, spaces, employees.Where(e => e.Status == EmployeeStatus.Active).ToList(), today, clock.GetUtcNow().UtcDateTime, random);
        DemoPrivacy.Add(db, demo, employees, spaces, clock.GetUtcNow().UtcDateTime);
        AddBeaconsAndConsents(db, demo, floors, spaces, employees, clock.GetUtcNow().UtcDateTime);
        AddSmallCustomer(db, acme, faker);

        await db.SaveChangesAsync(ct);

        // The closed desk and the tightened room put future bookings in conflict, as the console marks them.
        var demoSpaces = spaces.Select(s => s.Id).ToList();
        await ReservationConflicts.RefreshAsync(db, db.Spaces.Where(s => demoSpaces.Contains(s.Id)).Select(s => s.Id), clock.GetUtcNow().UtcDateTime, ct);
        await db.SaveChangesAsync(ct);
        LogSeeded(logger, buildings.Count, floors.Count, zones.Count, spaces.Count, employees.Count);
    }

    private static Employee AddPersona(AdminDbContext db, Tenant tenant, DemoPersona persona, string language, Guid? departmentId = null, Guid? buildingId = null)
    {
        var employee = new Employee
        {
            TenantId = tenant.Id,
            FirstName = persona.FirstName,
            LastName = persona.LastName,
            Email = persona.Email,
            NormalizedEmail = Employee.NormalizeEmail(persona.Email),
            Language = language,
            DepartmentId = departmentId,
            HomeBuildingId = buildingId,
        };
        db.Employees.Add(employee);
        if (!RoleAssignmentService.IsScoped(persona.Role))
        {
            db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = employee.Id, Role = persona.Role });
        }

        return employee;
    }

    private static (List<Building>, List<Floor>, List<Zone>, List<Space>) AddPlaces(AdminDbContext db, Tenant tenant, Randomizer random)
    {
        var buildings = new List<Building>
        {
            new() { TenantId = tenant.Id, Name = "Paris – Opéra", Address = "12 rue Halévy, 75009 Paris", TimeZone = "Europe/Paris", OpensAt = new TimeOnly(7, 0), ClosesAt = new TimeOnly(20, 0) },
            new() { TenantId = tenant.Id, Name = "Lyon – Part-Dieu", Address = "40 rue de la Villette, 69003 Lyon", TimeZone = "Europe/Paris", OpensAt = new TimeOnly(7, 0), ClosesAt = new TimeOnly(20, 0) },
        };
        var floors = new List<Floor>();
        var zones = new List<Zone>();
        var spaces = new List<Space>();
        foreach (var (building, floorCount) in buildings.Zip([5, 3]))
        {
            for (var level = 0; level < floorCount; level++)
            {
                var floor = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = level, Name = level == 0 ? "Rez-de-chaussée" : $"Étage {level}" };
                floors.Add(floor);
                foreach (var zoneName in new[] { "Nord", "Sud", "Calme" })
                {
                    var zone = new Zone { TenantId = tenant.Id, FloorId = floor.Id, Name = zoneName };
                    zones.Add(zone);
                    for (var d = 1; d <= 12; d++)
                    {
                        spaces.Add(new Space { TenantId = tenant.Id, FloorId = floor.Id, ZoneId = zone.Id, Name = $"{building.Name[..1]}{level}-{zoneName[..1]}{d:00}", Kind = SpaceKind.Desk, IsEnabled = random.Bool(0.97f) });
                    }
                }

                spaces.Add(new Space { TenantId = tenant.Id, FloorId = floor.Id, Name = $"Salle {building.Name[..1]}{level}A", Kind = SpaceKind.MeetingRoom, Capacity = 8 });
                spaces.Add(new Space { TenantId = tenant.Id, FloorId = floor.Id, Name = $"Salle {building.Name[..1]}{level}B", Kind = SpaceKind.MeetingRoom, Capacity = 4 });
                spaces.Add(new Space { TenantId = tenant.Id, FloorId = floor.Id, Name = $"Cabine {building.Name[..1]}{level}", Kind = SpaceKind.PhoneBooth, Capacity = 1 });
                spaces.Add(new Space { TenantId = tenant.Id, FloorId = floor.Id, Name = $"Casier {building.Name[..1]}{level}", Kind = SpaceKind.Locker, IsBookable = false });
            }
        }

        db.Buildings.AddRange(buildings);
        db.Floors.AddRange(floors);
        db.Zones.AddRange(zones);
        db.Spaces.AddRange(spaces);
        return (buildings, floors, zones, spaces);
    }

    private static void AddReservations(AdminDbContext db, Tenant tenant, List<Building> buildings, List<Floor> floors, List<Space> spaces, List<Employee> employees, DateOnly today, DateTime now, Randomizer random)
    {
        // Rules that make the queue real: approval for one room of the space manager's floor, a tightened limit on
        // another (its longer bookings become conflicts), and no-shows released after 30 minutes in Paris.
        var approvalRoom = spaces.Single(s => s.FloorId == floors[2].Id && s.Name.EndsWith("2A", StringComparison.Ordinal));
        var tightenedRoom = spaces.Single(s => s.FloorId == floors[2].Id && s.Name.EndsWith("2B", StringComparison.Ordinal));
        db.BookingPolicies.AddRange(
            new BookingPolicy { TenantId = tenant.Id, Level = PolicyLevel.Building, TargetId = buildings[0].Id, AutoReleaseAfterMinutes = 30 },
            new BookingPolicy { TenantId = tenant.Id, Level = PolicyLevel.Space, TargetId = approvalRoom.Id, RequiresApproval = true },
            new BookingPolicy { TenantId = tenant.Id, Level = PolicyLevel.Space, TargetId = tightenedRoom.Id, MaxDurationMinutes = 60 });

        var details = new Randomizer(Seed + 1);
        var guests = new Faker("fr") { Random = details };
        var bookable = spaces.Where(s => s.IsBookable && s.IsEnabled && s.Kind != SpaceKind.Locker).ToList();
        var sources = new[] { ReservationSource.Console, ReservationSource.Api, ReservationSource.Api, ReservationSource.Api };
        for (var day = today.AddDays(-14); day <= today.AddDays(14); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            foreach (var space in bookable)
            {
                if (!random.Bool(space.Kind == SpaceKind.Desk ? 0.4f : 0.6f))
                {
                    continue;
                }

                var start = space.Kind == SpaceKind.Desk ? 7 : random.Number(7, 14);
                var end = space.Kind == SpaceKind.Desk ? 16 : start + random.Number(1, 2);
                var startsAt = day.ToDateTime(new TimeOnly(start, 0), DateTimeKind.Utc);
                var status = day < today
                    ? random.Bool(0.85f) ? ReservationStatus.CheckedIn : ReservationStatus.Released
                    : random.Bool(0.05f) ? ReservationStatus.Cancelled : ReservationStatus.Confirmed;
                if (status == ReservationStatus.Confirmed && startsAt.AddMinutes(30) < now)
                {
                    // Begun today: checked in, or already released by the 30-minute rule.
                    status = details.Bool(0.85f) ? ReservationStatus.CheckedIn : ReservationStatus.Released;
                }

                if (space.Id == approvalRoom.Id && day > today && status == ReservationStatus.Confirmed)
                {
                    status = ReservationStatus.AwaitingApproval;
                }

                var holder = random.ListItem(employees);
                var reservation = new Reservation
                {
                    TenantId = tenant.Id,
                    SpaceId = space.Id,
                    HolderId = holder.Id,
                    StartsAtUtc = startsAt,
                    EndsAtUtc = day.ToDateTime(new TimeOnly(end, 0), DateTimeKind.Utc),
                    Status = status,
                    Subject = space.Kind == SpaceKind.MeetingRoom ? random.ArrayElement(["Point hebdo", "Revue produit", "Entretien", "Atelier"]) : null,
                    Source = details.ArrayElement(sources),
                    CreatedAtUtc = startsAt.AddDays(-details.Number(1, 10)) is var created && created < now ? created : now.AddHours(-1),
                    CheckedInAtUtc = status == ReservationStatus.CheckedIn ? startsAt.AddMinutes(details.Number(0, 25)) : null,
                    DecisionReason = status == ReservationStatus.Released ? "No check-in" : null,
                    DecidedAtUtc = status == ReservationStatus.Released ? startsAt.AddMinutes(30) : null,
                };
                db.Reservations.Add(reservation);
                if (space.Kind == SpaceKind.MeetingRoom && details.Bool(0.3f))
                {
                    db.ReservationGuests.Add(new ReservationGuest { TenantId = tenant.Id, ReservationId = reservation.Id, EmployeeId = details.ListItem(employees).Id });
                    var company = guests.Company.CompanyName();
                    var name = guests.Name.FullName();
                    db.ReservationGuests.Add(new ReservationGuest { TenantId = tenant.Id, ReservationId = reservation.Id, Name = name, Email = $"{Slug(name).Replace(' ', '.')}@{Slug(company).Replace(' ', '-')}.example", Company = company });
                }

                // The notices of the last days: sent for what is past, some still pending for what was just booked.
                if (reservation.CreatedAtUtc > now.AddDays(-3))
                {
                    var kind = status switch
                    {
                        ReservationStatus.Released => ReservationNoticeKind.Released,
                        ReservationStatus.Cancelled => ReservationNoticeKind.Cancelled,
                        _ => ReservationNoticeKind.Confirmed,
                    };
                    if (status != ReservationStatus.AwaitingApproval)
                    {
                        db.ReservationNotices.Add(new ReservationNotice
                        {
                            TenantId = tenant.Id,
                            ReservationId = reservation.Id,
                            Kind = kind,
                            Reason = reservation.DecisionReason ?? "",
                            QueuedAtUtc = reservation.CreatedAtUtc,
                            Status = reservation.CreatedAtUtc < now.AddHours(-2) || details.Bool(0.9f) ? NotificationStatus.Sent : NotificationStatus.Pending,
                        });
                    }
                }
            }
        }

        // A desk of the space manager's floor closed with its future bookings kept: they wait in the queue as conflicts.
        var closed = spaces.First(s => s.FloorId == floors[2].Id && s.Kind == SpaceKind.Desk && s.IsEnabled
            && db.ChangeTracker.Entries<Reservation>().Any(r => r.Entity.SpaceId == s.Id && r.Entity.StartsAtUtc > now && r.Entity.Status == ReservationStatus.Confirmed));
        closed.IsEnabled = false;
    }

    /// <summary>The demo's beacon UUID (one per customer is usual: major tells the floor, minor the beacon).</summary>
    public static readonly Guid DemoBeaconUuid = Guid.Parse("f7826da6-4fa2-4e98-8024-bc5b71e0893e");

    /// <summary>
    /// Beacons on the plans, one per four desks (at their middle) and one per room or booth, and location consents:
    /// most people granted, some withdrew, some never answered. Drawn from their own random sequence, so that the rest
    /// of the demo stays as it was.
    /// </summary>
    private static void AddBeaconsAndConsents(AdminDbContext db, Tenant tenant, List<Floor> floors, List<Space> spaces, List<Employee> employees, DateTime now)
    {
        var random = new Randomizer(Seed + 2);
        for (var f = 0; f < floors.Count; f++)
        {
            var minor = 0;
            var placed = spaces.Where(s => s.FloorId == floors[f].Id && s.PlanX is not null && s.Kind != SpaceKind.Locker).ToList();
            var clusters = placed.Where(s => s.Kind == SpaceKind.Desk).GroupBy(s => s.ZoneId).SelectMany(z => z.OrderBy(s => s.Name).Chunk(4))
                .Concat(placed.Where(s => s.Kind != SpaceKind.Desk).Select(s => new[] { s }));
            foreach (var cluster in clusters)
            {
                minor++;
                db.Beacons.Add(new Beacon
                {
                    TenantId = tenant.Id,
                    Uuid = DemoBeaconUuid,
                    Major = f + 1,
                    Minor = minor,
                    Name = cluster.Length == 1 ? $"Balise {cluster[0].Name}" : $"Balise {cluster[0].Name}–{cluster[^1].Name[^2..]}",
                    FloorId = floors[f].Id,
                    X = Math.Round(cluster.Average(s => s.PlanX!.Value), 4),
                    Y = Math.Round(cluster.Average(s => s.PlanY!.Value) - 0.02, 4),
                    BatteryPercent = random.Bool(0.1f) ? random.Number(5, 19) : random.Number(40, 100),
                });
            }
        }

        // The anonymous counts the past would have left: people at their desks through their checked-in bookings, so
        // that analytics have weeks to show. (No position is seeded: positions live 30 minutes.)
        var places = spaces.ToDictionary(s => s.Id);
        foreach (var booking in db.ChangeTracker.Entries<Reservation>().Select(e => e.Entity)
            .Where(r => r.Status == ReservationStatus.CheckedIn && r.EndsAtUtc <= now && places[r.SpaceId].PlanX is not null).ToList())
        {
            var space = places[booking.SpaceId];
            for (var bucket = LocationRetention.BucketOf(booking.CheckedInAtUtc ?? booking.StartsAtUtc); bucket < booking.EndsAtUtc; bucket = bucket.Add(LocationRetention.Bucket))
            {
                if (random.Bool(0.9f))
                {
                    db.OccupancyCounts.Add(new OccupancyCount { TenantId = tenant.Id, SpaceId = space.Id, FloorId = space.FloorId, ZoneId = space.ZoneId, BucketStartUtc = bucket, People = space.Kind == SpaceKind.MeetingRoom ? random.Number(2, space.Capacity) : 1 });
                }
            }
        }

        foreach (var employee in employees)
        {
            var answer = random.Number(0, 99);
            if (answer >= 90)
            {
                continue;
            }

            var granted = now.AddDays(-random.Number(30, 400));
            db.LocationConsents.Add(new LocationConsent { TenantId = tenant.Id, EmployeeId = employee.Id, Granted = true, DecidedAtUtc = granted, PolicyVersion = "2026-01", Source = "App" });
            if (answer >= 82)
            {
                db.LocationConsents.Add(new LocationConsent { TenantId = tenant.Id, EmployeeId = employee.Id, Granted = false, DecidedAtUtc = granted.AddDays(random.Number(1, 25)), PolicyVersion = "2026-01", Source = "App" });
            }
        }
    }

    private static void AddSmallCustomer(AdminDbContext db, Tenant acme, Faker faker)
    {
        AddPersona(db, acme, DemoPersonas.OtherCustomerAdmin, "en");
        PrivacyRegisterSeed.Add(db, acme.Id, acme.ContractStart);
        var building = new Building { TenantId = acme.Id, Name = "Acme Warehouse", Address = "1 Dock Road, London", TimeZone = "Europe/London" };
        var floor = new Floor { TenantId = acme.Id, BuildingId = building.Id, Level = 0, Name = "Ground floor" };
        db.Buildings.Add(building);
        db.Floors.Add(floor);
        for (var d = 1; d <= 20; d++)
        {
            db.Spaces.Add(new Space { TenantId = acme.Id, FloorId = floor.Id, Name = $"Desk {d:00}", Kind = SpaceKind.Desk });
        }

        for (var n = 1; n <= 20; n++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var email = $"{Slug(first)}.{Slug(last)}.{n}@acme.test";
            db.Employees.Add(new Employee { TenantId = acme.Id, FirstName = first, LastName = last, Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" });
        }
    }

    private static string Slug(string value)
    {
        var normalized = value.Normalize(System.Text.NormalizationForm.FormD);
        var chars = normalized.Where(c => char.IsAsciiLetterOrDigit(c)).Select(char.ToLowerInvariant).ToArray();
        return new string(chars);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Buildings} buildings, {Floors} floors, {Zones} zones, {Spaces} spaces, {Employees} employees")]
    private static partial void LogSeeded(ILogger logger, int buildings, int floors, int zones, int spaces, int employees);
}
