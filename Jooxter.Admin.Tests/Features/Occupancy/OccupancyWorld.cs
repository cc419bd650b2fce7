using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;

namespace Jooxter.Admin.Tests.Features.Occupancy;

/// <summary>
/// A customer of one test: a floor with two placed desks far apart, a beacon beside each, a beacon not placed on
/// any plan, and people: Ann consented, Bob never answered, Cid withdrew, Dee (consented) left the company; an
/// administrator and a space manager of another floor. Keys: one ingestion key and one display key, shown once here.
/// </summary>
public sealed record OccupancyWorld(
    string Slug, Guid Tenant, Guid Building, Guid Floor, Guid OtherFloor, Guid Zone, Guid Desk1, Guid Desk2,
    Guid Ann, Guid Bob, Guid Cid, Guid Dee, string AdminEmail, string OtherFloorManagerEmail,
    Guid BeaconUuid, string IngestionKey, string DisplayKey)
{
    public const int Beacon1 = 1;
    public const int Beacon2 = 2;
    public const int UnplacedBeacon = 3;

    public static async Task<OccupancyWorld> CreateAsync(AdminAppFactory factory, DateTime nowUtc)
    {
        var slug = $"occ-{Guid.NewGuid():N}"[..16];
        var uuid = Guid.NewGuid();
        await using var db = factory.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = slug, ContractStart = new DateOnly(2025, 1, 1), DefaultLanguage = "en" };
        db.Tenants.Add(tenant);
        Employee Person(string first, Role? role = null, ScopeKind scope = ScopeKind.Tenant, Guid? scopeId = null)
        {
            var email = $"{first}@{slug}.test".ToLowerInvariant();
            var person = new Employee { TenantId = tenant.Id, FirstName = first, LastName = "Tester", Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
            db.Employees.Add(person);
            if (role is { } r)
            {
                db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = person.Id, Role = r, ScopeKind = scope, ScopeId = scopeId });
            }

            return person;
        }

        var building = new Building { TenantId = tenant.Id, Name = "HQ", TimeZone = "Europe/Paris", OpensAt = null, ClosesAt = null, OpenDays = OpenDays.Everyday };
        var floor = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = 1, Name = "First" };
        var other = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = 2, Name = "Second" };
        var zone = new Zone { TenantId = tenant.Id, FloorId = floor.Id, Name = "North" };
        var desk1 = new Space { TenantId = tenant.Id, FloorId = floor.Id, ZoneId = zone.Id, Name = "D-1", Kind = SpaceKind.Desk, PlanX = 0.2, PlanY = 0.2 };
        var desk2 = new Space { TenantId = tenant.Id, FloorId = floor.Id, Name = "D-2", Kind = SpaceKind.Desk, PlanX = 0.8, PlanY = 0.8, Capacity = 2 };
        db.AddRange(building, floor, other, zone, desk1, desk2);
        db.Beacons.AddRange(
            new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = Beacon1, Name = "By D-1", FloorId = floor.Id, X = 0.22, Y = 0.2 },
            new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = Beacon2, Name = "By D-2", FloorId = floor.Id, X = 0.78, Y = 0.8 },
            new Beacon { TenantId = tenant.Id, Uuid = uuid, Major = 1, Minor = UnplacedBeacon, Name = "In a drawer" });
        var ann = Person("Ann");
        var bob = Person("Bob");
        var cid = Person("Cid");
        var dee = Person("Dee");
        dee.Deactivate();
        var admin = Person("Ada", Role.TenantAdministrator);
        var manager = Person("Sam", Role.SpaceManager, ScopeKind.Floor, other.Id);
        db.LocationConsents.AddRange(
            new LocationConsent { TenantId = tenant.Id, EmployeeId = ann.Id, Granted = true, DecidedAtUtc = nowUtc.AddDays(-10), PolicyVersion = "2026-01", Source = "App" },
            new LocationConsent { TenantId = tenant.Id, EmployeeId = cid.Id, Granted = true, DecidedAtUtc = nowUtc.AddDays(-10), PolicyVersion = "2026-01", Source = "App" },
            new LocationConsent { TenantId = tenant.Id, EmployeeId = cid.Id, Granted = false, DecidedAtUtc = nowUtc.AddDays(-2), PolicyVersion = "2026-01", Source = "App" },
            new LocationConsent { TenantId = tenant.Id, EmployeeId = dee.Id, Granted = true, DecidedAtUtc = nowUtc.AddDays(-10), PolicyVersion = "2026-01", Source = "App" });
        var ingestion = AccessKey.Create("Gateway", AccessKeyPurpose.Ingestion, nowUtc, out var ingestionKey);
        var display = AccessKey.Create("Lobby", AccessKeyPurpose.Display, nowUtc, out var displayKey);
        ingestion.TenantId = display.TenantId = tenant.Id;
        db.AccessKeys.AddRange(ingestion, display);
        await db.SaveChangesAsync();
        return new OccupancyWorld(slug, tenant.Id, building.Id, floor.Id, other.Id, zone.Id, desk1.Id, desk2.Id, ann.Id, bob.Id, cid.Id, dee.Id, admin.Email, manager.Email, uuid, ingestionKey, displayKey);
    }

    public object Sighting(Guid? person, int minor, DateTimeOffset seenAt, int rssi = -60, int? battery = null) =>
        new { person = person?.ToString(), uuid = BeaconUuid.ToString(), major = 1, minor, rssi, seenAt, battery };
}
