using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Beacons;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Jooxter.Admin.Tests.Features.Privacy;

/// <summary>The privacy tests share one application (each test makes its own customer): one demo seeding, not three.</summary>
[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyApp>
{
    public const string Name = "privacy";
}

/// <summary>An application with its own database and a fake clock, shared by the privacy tests (each makes its own customer).</summary>
public sealed class PrivacyApp : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public AdminAppFactory App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App = new AdminAppFactory { Clock = Clock };
        _ = App.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// A customer of one test with a subject, Zoé Lambert, present everywhere the model lets a person be: her record,
/// photo, group, bookings as holder (with a subject line and reasons), as beneficiary and as guest (invited as a
/// colleague and, by her e-mail, as an external guest), notices, consent, a position within its 30 minutes, a declared
/// status, a welcome message, requests with their steps and exception, a privacy notice, an authority disclosure
/// and a refused sign-in. Her colleague Bob hosts a meeting; Dina is the DPO, Ada the administrator.
/// </summary>
public sealed record PrivacyWorld(string Slug, Guid Tenant, Guid Space, Guid Zoe, Guid Bob, string DpoEmail, string AdminEmail, string HrEmail, Guid ErasureRequest, Guid AccessRequest, Guid BobMeeting)
{
    public const string ZoeEmail = "zoe.lambert@privacy.test";
    public const string ZoePhone = "+33612345678";
    public const string ZoeObjectId = "0b5e3c4a-zoe-directory-id";

    public static async Task<PrivacyWorld> CreateAsync(AdminAppFactory factory, DateTime nowUtc, bool fully = true)
    {
        var slug = $"prv-{Guid.NewGuid():N}"[..16];
        await using var db = factory.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = slug, ContractStart = new DateOnly(2025, 1, 1), DefaultLanguage = "en" };
        db.Tenants.Add(tenant);
        Employee Person(string first, string last, string email, Role? role = null)
        {
            var person = new Employee { TenantId = tenant.Id, FirstName = first, LastName = last, Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
            db.Employees.Add(person);
            if (role is { } r)
            {
                db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = person.Id, Role = r });
            }

            return person;
        }

        var building = new Building { TenantId = tenant.Id, Name = "HQ", TimeZone = "Europe/Paris", OpenDays = OpenDays.Everyday };
        var floor = new Floor { TenantId = tenant.Id, BuildingId = building.Id, Level = 1, Name = "First" };
        var zone = new Zone { TenantId = tenant.Id, FloorId = floor.Id, Name = "East" };
        var space = new Space { TenantId = tenant.Id, FloorId = floor.Id, ZoneId = zone.Id, Name = "Room Azur", Kind = SpaceKind.MeetingRoom, Capacity = 6, PlanX = 0.5, PlanY = 0.5 };
        var beacon = new Beacon { TenantId = tenant.Id, Uuid = Guid.NewGuid(), Major = 1, Minor = 1, Name = "By Azur", FloorId = floor.Id, X = 0.5, Y = 0.5 };
        var group = new UserGroup { TenantId = tenant.Id, Name = "Design" };
        db.AddRange(building, floor, zone, space, beacon, group);

        var zoe = Person("Zoé", "Lambert", ZoeEmail);
        zoe.Phone = ZoePhone;
        zoe.DirectoryObjectId = ZoeObjectId;
        var bob = Person("Bob", "Host", $"bob@{slug}.test");
        var dina = Person("Dina", "Protect", $"dina@{slug}.test", Role.DataProtectionOfficer);
        var ada = Person("Ada", "Admin", $"ada@{slug}.test", Role.TenantAdministrator);
        var hr = Person("Hugo", "People", $"hugo@{slug}.test", Role.HrAdministrator);
        db.UserGroupMembers.Add(new UserGroupMember { TenantId = tenant.Id, UserGroupId = group.Id, EmployeeId = zoe.Id });

        // Zoé's own booking, and one Bob made for her.
        var own = new Reservation
        {
            TenantId = tenant.Id, SpaceId = space.Id, HolderId = zoe.Id, StartsAtUtc = nowUtc.AddDays(-3), EndsAtUtc = nowUtc.AddDays(-3).AddHours(1),
            Subject = "Interview with Zoé Lambert", RequestReason = "Zoé Lambert needs the long slot", DecisionReason = "Granted to Zoé Lambert", CreatedAtUtc = nowUtc.AddDays(-4),
        };
        var forHer = new Reservation { TenantId = tenant.Id, SpaceId = space.Id, HolderId = bob.Id, BeneficiaryId = zoe.Id, CreatedById = bob.Id, StartsAtUtc = nowUtc.AddDays(-2), EndsAtUtc = nowUtc.AddDays(-2).AddHours(1), CreatedAtUtc = nowUtc.AddDays(-5) };

        // Bob's meeting, where Zoé is a guest as a colleague and, by her e-mail, as an external guest.
        var meeting = new Reservation { TenantId = tenant.Id, SpaceId = space.Id, HolderId = bob.Id, StartsAtUtc = nowUtc.AddDays(-1), EndsAtUtc = nowUtc.AddDays(-1).AddHours(1), Subject = "Design review", CreatedAtUtc = nowUtc.AddDays(-6) };
        db.Reservations.AddRange(own, forHer, meeting);
        var asColleague = new ReservationGuest { TenantId = tenant.Id, ReservationId = meeting.Id, EmployeeId = zoe.Id };
        var asExternal = new ReservationGuest { TenantId = tenant.Id, ReservationId = meeting.Id, Name = "Zoé Lambert", Email = ZoeEmail, Company = "Lambert Conseil" };
        var otherGuest = new ReservationGuest { TenantId = tenant.Id, ReservationId = meeting.Id, Name = "Yann Other", Email = "yann.other@elsewhere.test", Company = "Elsewhere" };
        db.ReservationGuests.AddRange(asColleague, asExternal, otherGuest);
        db.ReservationNotices.AddRange(
            new ReservationNotice { TenantId = tenant.Id, ReservationId = own.Id, Kind = ReservationNoticeKind.Confirmed, Reason = "confirmed", QueuedAtUtc = nowUtc.AddDays(-4), LastError = $"550 {ZoeEmail} mailbox full" },
            new ReservationNotice { TenantId = tenant.Id, ReservationId = meeting.Id, GuestId = asExternal.Id, Kind = ReservationNoticeKind.Confirmed, Reason = "invited", QueuedAtUtc = nowUtc.AddDays(-6) });

        if (fully)
        {
            db.EmployeePhotos.Add(new EmployeePhoto { TenantId = tenant.Id, EmployeeId = zoe.Id, ContentType = "image/jpeg", Content = [0xFF, 0xD8, 0xFF, 0xD9], UpdatedAtUtc = nowUtc.AddDays(-30) });
            db.LocationConsents.Add(new LocationConsent { TenantId = tenant.Id, EmployeeId = zoe.Id, Granted = true, DecidedAtUtc = nowUtc.AddDays(-20), PolicyVersion = "2026-01", Source = "App" });
            db.Presences.Add(new Presence { TenantId = tenant.Id, EmployeeId = zoe.Id, BeaconId = beacon.Id, FloorId = floor.Id, SpaceId = space.Id, ZoneId = zone.Id, Rssi = -60, SeenAtUtc = nowUtc.AddMinutes(-5), SinceUtc = nowUtc.AddMinutes(-10) });
            db.DeclaredStatuses.Add(new DeclaredStatus { TenantId = tenant.Id, EmployeeId = zoe.Id, Day = DateOnly.FromDateTime(nowUtc), Status = WorkplaceStatus.OnSite });
            db.WelcomeNotifications.Add(new WelcomeNotification { TenantId = tenant.Id, EmployeeId = zoe.Id, QueuedAtUtc = nowUtc.AddDays(-60), LastError = $"451 greylisted {ZoeEmail}" });
            db.AuthorityDisclosures.Add(new AuthorityDisclosure { TenantId = tenant.Id, SubjectEmployeeId = zoe.Id, DisclosedOn = DateOnly.FromDateTime(nowUtc.AddDays(-15)), Authority = "Labour inspection", LegalBasis = "Code du travail L8113-4", Description = "Badge times of Zoé Lambert, January" });
            db.AccessDenials.Add(new AccessDenial { OccurredAtUtc = nowUtc.AddDays(-1), Reason = "UnknownIdentity", Provider = "test", ClaimedEmail = ZoeEmail, ClaimedObjectId = ZoeObjectId });
        }

        // An earlier access request (answered, then extended and paused along the way), and the erasure request.
        var access = RightsRequest.Receive(RightsRequestKind.Access, nowUtc.AddDays(-40), zoe.Id);
        access.TenantId = tenant.Id;
        access.RequesterEmail = ZoeEmail;
        access.SubjectName = "Zoé Lambert";
        access.Extend(1, "Zoé Lambert asked for five years of history").ShouldBeNull();
        access.Pause("Waiting for Zoé Lambert's proof of identity", nowUtc.AddDays(-39)).ShouldBeNull();
        access.Resume(nowUtc.AddDays(-38)).ShouldBeNull();
        access.Close(RightsRequestStatus.Refused, "Zoé Lambert withdrew by phone", nowUtc.AddDays(-30)).ShouldBeNull();
        access.PauseReason = "Waiting for Zoé Lambert's proof of identity";
        access.Rectification = """{"LastName":{"before":"Lambrt","after":"Lambert"}}""";
        var erasure = RightsRequest.Receive(RightsRequestKind.Erasure, nowUtc.AddDays(-2), zoe.Id);
        erasure.TenantId = tenant.Id;
        erasure.RequesterEmail = ZoeEmail;
        db.RightsRequests.AddRange(access, erasure);
        db.RightsRequestSteps.Add(new RightsRequestStep { TenantId = tenant.Id, RequestId = access.Id, AtUtc = nowUtc.AddDays(-40), Kind = RequestStepKind.Note, Text = "Called Zoé Lambert on +33612345678" });
        if (fully)
        {
            db.ErasureExceptions.Add(new ErasureException { TenantId = tenant.Id, RequestId = access.Id, Entity = nameof(AuthorityDisclosure), Reason = "Inspection of Zoé Lambert's team pending", ReviewOn = DateOnly.FromDateTime(nowUtc.AddDays(200)) });
            db.PrivacyNotices.Add(new PrivacyNotice { TenantId = tenant.Id, RequestId = access.Id, Kind = PrivacyNoticeKind.Extended, RecipientEmail = ZoeEmail, RecipientName = "Zoé Lambert", QueuedAtUtc = nowUtc.AddDays(-39), LastError = "timeout" });
            zoe.ProcessingRestrictedSinceUtc = nowUtc.AddDays(-1);
        }

        await db.SaveChangesAsync();
        return new PrivacyWorld(slug, tenant.Id, space.Id, zoe.Id, bob.Id, dina.Email, ada.Email, hr.Email, erasure.Id, access.Id, meeting.Id);
    }
}
