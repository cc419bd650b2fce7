using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;

namespace Jooxter.Admin.Infrastructure.Demo;

/// <summary>
/// The DPO's demo: a record of processing from the privacy policy, requests in every status (one overdue, one
/// extended, one paused), and Camille Dupont, a person found everywhere the model allows, for the whole journey
/// from an access export to an erasure that the residual scan proves.
/// </summary>
internal static class DemoPrivacy
{
    public const string SubjectEmail = "camille.dupont@demo.jooxter.test";
    public const string SubjectFirstName = "Camille";
    public const string SubjectLastName = "Dupont";
    public const string GuestEmail = "jordan.blake@northwind.example";

    public static void Add(AdminDbContext db, Tenant tenant, List<Employee> employees, List<Space> spaces, DateTime now)
    {
        PrivacyRegisterSeed.Add(db, tenant.Id, tenant.ContractStart);

        var camille = new Employee
        {
            TenantId = tenant.Id, FirstName = SubjectFirstName, LastName = SubjectLastName, Email = SubjectEmail, NormalizedEmail = Employee.NormalizeEmail(SubjectEmail),
            Language = "fr", Phone = "+33687654321", DirectoryObjectId = "d3m0-c4m1-11e0-dupont",
        };
        db.Employees.Add(camille);
        var host = employees.First(e => e.Status == EmployeeStatus.Active && e.Email != DemoPersonas.Dpo.Email);
        // Each booking takes a space free at its slot: the demo's other bookings are in this context already, and no two may overlap.
        var day = now.Date;
        var taken = db.ChangeTracker.Entries<Reservation>().Select(e => e.Entity).Where(r => r.EndsAtUtc > day.AddDays(-40) && r.StartsAtUtc < day)
            .GroupBy(r => r.SpaceId).ToDictionary(g => g.Key, g => g.Select(r => (r.StartsAtUtc, r.EndsAtUtc)).ToList());
        Space Free(SpaceKind kind, DateTime start, DateTime end)
        {
            var space = spaces.First(s => s.Kind == kind && s.IsBookable && s.IsEnabled && (!taken.TryGetValue(s.Id, out var slots) || !slots.Any(r => r.StartsAtUtc < end && r.EndsAtUtc > start)));
            (taken.TryGetValue(space.Id, out var list) ? list : taken[space.Id] = []).Add((start, end));
            return space;
        }

        for (var i = 1; i <= 5; i++)
        {
            var (start, end) = (day.AddDays(-7 * i).AddHours(8), day.AddDays(-7 * i).AddHours(16));
            db.Reservations.Add(new Reservation { TenantId = tenant.Id, SpaceId = Free(SpaceKind.Desk, start, end).Id, HolderId = camille.Id, StartsAtUtc = start, EndsAtUtc = end, Status = ReservationStatus.CheckedIn, CreatedAtUtc = start.AddDays(-2), CheckedInAtUtc = start });
        }

        // Meetings of a colleague where Camille is invited, and one where she brings an external guest.
        for (var i = 1; i <= 2; i++)
        {
            var (start, end) = (day.AddDays(-3 * i).AddHours(13), day.AddDays(-3 * i).AddHours(14));
            var meeting = new Reservation { TenantId = tenant.Id, SpaceId = Free(SpaceKind.MeetingRoom, start, end).Id, HolderId = host.Id, StartsAtUtc = start, EndsAtUtc = end, Subject = "Project review", CreatedAtUtc = start.AddDays(-5) };
            db.Reservations.Add(meeting);
            db.ReservationGuests.Add(new ReservationGuest { TenantId = tenant.Id, ReservationId = meeting.Id, EmployeeId = camille.Id });
        }

        var (callStart, callEnd) = (day.AddDays(-20).AddHours(10), day.AddDays(-20).AddHours(11));
        var own = new Reservation { TenantId = tenant.Id, SpaceId = Free(SpaceKind.MeetingRoom, callStart, callEnd).Id, HolderId = camille.Id, StartsAtUtc = callStart, EndsAtUtc = callEnd, Subject = "Supplier call", CreatedAtUtc = callStart.AddDays(-2) };
        db.Reservations.Add(own);
        db.ReservationGuests.Add(new ReservationGuest { TenantId = tenant.Id, ReservationId = own.Id, Name = "Jordan Blake", Email = GuestEmail, Company = "Northwind" });
        db.LocationConsents.Add(new LocationConsent { TenantId = tenant.Id, EmployeeId = camille.Id, Granted = true, DecidedAtUtc = now.AddDays(-90), PolicyVersion = PrivacyRegisterSeed.PolicyVersion, Source = "App" });
        db.DeclaredStatuses.Add(new DeclaredStatus { TenantId = tenant.Id, EmployeeId = camille.Id, Day = DateOnly.FromDateTime(now), Status = WorkplaceStatus.OnSite });

        var dpo = employees.Single(e => e.Email == DemoPersonas.Dpo.Email);
        RightsRequest Request(RightsRequestKind kind, int daysAgo, Employee? subject, string? email = null)
        {
            var request = RightsRequest.Receive(kind, now.AddDays(-daysAgo), subject?.Id);
            request.TenantId = tenant.Id;
            request.RequesterEmail = email ?? subject?.Email;
            request.SubjectKind = subject is null ? RightsSubjectKind.ExternalGuest : RightsSubjectKind.Employee;
            db.RightsRequests.Add(request);
            db.RightsRequestSteps.Add(new RightsRequestStep { TenantId = tenant.Id, RequestId = request.Id, AtUtc = request.ReceivedAtUtc, Kind = RequestStepKind.Recorded });
            return request;
        }

        Request(RightsRequestKind.Access, 3, employees[40]);
        Request(RightsRequestKind.Access, 5, employees[45]).MoveTo(RightsRequestStatus.IdentityVerified, now.AddDays(-4));
        var rectification = Request(RightsRequestKind.Rectification, 12, employees[77]);
        rectification.MoveTo(RightsRequestStatus.InProgress, now.AddDays(-10));
        rectification.AssigneeId = dpo.Id;
        Request(RightsRequestKind.Erasure, 33, employees[114]);
        var extended = Request(RightsRequestKind.Portability, 50, employees[151]);
        extended.MoveTo(RightsRequestStatus.InProgress, now.AddDays(-45));
        extended.Extend(1, "Five years of bookings across three buildings to gather");
        var paused = Request(RightsRequestKind.Restriction, 10, employees[188]);
        paused.Pause("Waiting for proof of identity", now.AddDays(-4));
        var answered = Request(RightsRequestKind.Access, 60, employees[225]);
        answered.MoveTo(RightsRequestStatus.Answered, now.AddDays(-41));
        Request(RightsRequestKind.Objection, 45, employees[262]).Close(RightsRequestStatus.Refused, "Compelling legitimate grounds: bookings are needed to run the building", now.AddDays(-30));
        var withdrawn = Request(RightsRequestKind.Erasure, 20, null, GuestEmail);
        withdrawn.SubjectName = "Jordan Blake";
        withdrawn.Close(RightsRequestStatus.Withdrawn, "The guest withdrew the request by e-mail", now.AddDays(-15));
    }
}
