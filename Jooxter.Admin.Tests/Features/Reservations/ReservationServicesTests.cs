using System.Security.Claims;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Places.Booking;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Reservations;

/// <summary>A customer of one test: a Paris office open 08:00–19:00 on weekdays, a round-the-clock site, people and managers.</summary>
public sealed record World(
    string Slug,
    Guid Tenant,
    Guid Office,
    Guid FloorA,
    Guid FloorB,
    Guid[] DesksA,
    Guid DeskB,
    Guid Lab,
    Guid Employee,
    Guid Colleague,
    string FacilityManager,
    string SpaceManagerA,
    string SpaceManagerB,
    Guid SpaceManagerAId);

/// <remarks>On the console's fake clock (<see cref="Integration.FakeClockApp"/>: Monday 2 March 2026, 10:00 in Paris); each test builds a customer of its own.</remarks>
public sealed class ReservationServicesTests(Integration.FakeClockApp app) : IClassFixture<Integration.FakeClockApp>
{
    private AdminAppFactory Factory => app.App;

    private Task<World> WorldAsync() => CreateWorldAsync(Factory);

    /// <summary>A customer of the calling test's own; <paramref name="language"/> is the language of its employee Eva.</summary>
    internal static async Task<World> CreateWorldAsync(AdminAppFactory factory, string language = "en")
    {
        var slug = $"rsv-{Guid.NewGuid():N}"[..16];
        await using var db = factory.OpenSystemDb();
        var tenant = new Tenant { Slug = slug, Name = slug, ContractStart = new DateOnly(2025, 1, 1), DefaultLanguage = "en" };
        db.Tenants.Add(tenant);
        Employee Person(string first, string last, Role? role = null, ScopeKind scope = ScopeKind.Tenant, Guid? scopeId = null)
        {
            var email = $"{first}.{last}@{slug}.test".ToLowerInvariant();
            var person = new Employee { TenantId = tenant.Id, FirstName = first, LastName = last, Email = email, NormalizedEmail = Employee.NormalizeEmail(email), Language = "en" };
            db.Employees.Add(person);
            if (role is { } r)
            {
                db.RoleAssignments.Add(new RoleAssignment { TenantId = tenant.Id, EmployeeId = person.Id, Role = r, ScopeKind = scope, ScopeId = scopeId });
            }

            return person;
        }

        var office = new Building { TenantId = tenant.Id, Name = "Office", TimeZone = "Europe/Paris", OpensAt = new TimeOnly(8, 0), ClosesAt = new TimeOnly(19, 0), OpenDays = OpenDays.Weekdays };
        var lab = new Building { TenantId = tenant.Id, Name = "Lab", TimeZone = "Europe/Paris", OpensAt = null, ClosesAt = null, OpenDays = OpenDays.Everyday };
        var floorA = new Floor { TenantId = tenant.Id, BuildingId = office.Id, Level = 1, Name = "Floor A" };
        var floorB = new Floor { TenantId = tenant.Id, BuildingId = office.Id, Level = 2, Name = "Floor B" };
        var labFloor = new Floor { TenantId = tenant.Id, BuildingId = lab.Id, Level = 0, Name = "Ground" };
        var desksA = Enumerable.Range(1, 3).Select(i => new Space { TenantId = tenant.Id, FloorId = floorA.Id, Name = $"A-{i}", Kind = SpaceKind.Desk, Amenities = Amenities.Screen }).ToArray();
        var deskB = new Space { TenantId = tenant.Id, FloorId = floorB.Id, Name = "B-1", Kind = SpaceKind.Desk, Amenities = Amenities.Screen };
        var labDesk = new Space { TenantId = tenant.Id, FloorId = labFloor.Id, Name = "Lab bench", Kind = SpaceKind.Desk };
        db.AddRange(office, lab, floorA, floorB, labFloor, deskB, labDesk);
        db.AddRange(desksA);
        db.BookingPolicies.Add(new BookingPolicy { TenantId = tenant.Id, Level = PolicyLevel.Building, TargetId = lab.Id, MaxDaysAhead = 365 });
        var employee = Person("Eva", "Booker");
        employee.Language = language;
        var colleague = Person("Carl", "Colleague");
        var facility = Person("Fay", "Facility", Role.FacilityManager);
        var managerA = Person("Sam", "Areaone", Role.SpaceManager, ScopeKind.Floor, floorA.Id);
        var managerB = Person("Tom", "Areatwo", Role.SpaceManager, ScopeKind.Floor, floorB.Id);
        await db.SaveChangesAsync();
        return new World(slug, tenant.Id, office.Id, floorA.Id, floorB.Id, desksA.Select(d => d.Id).ToArray(), deskB.Id, labDesk.Id, employee.Id, colleague.Id, facility.Email, managerA.Email, managerB.Email, managerA.Id);
    }

    private async Task<ClaimsPrincipal> AsAsync(World world, string email)
    {
        var outcome = await ServiceCaller.ResolveAsync(Factory, email, tenantSlug: world.Slug);
        outcome.Succeeded.ShouldBeTrue();
        return outcome.Principal!;
    }

    private async Task<T> CallAsync<T>(World world, string email, Func<IServiceProvider, Task<T>> call)
    {
        var principal = await AsAsync(world, email);
        await using var scope = ServiceCaller.As(Factory, principal);
        return await call(scope.ServiceProvider);
    }

    /// <summary>Tomorrow (or the next weekday) at a local hour in Paris, from the fake clock.</summary>
    private DateTime NextWeekday(int hour, int minute = 0)
    {
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day.ToDateTime(new TimeOnly(hour, minute));
    }

    private static BookingForm Desk(Guid space, DateTime from, DateTime to, Guid? forId = null) =>
        new() { SpaceId = space, LocalStart = from, LocalEnd = to, BeneficiaryId = forId };

    [Fact]
    public async Task A_hundred_parallel_attempts_on_one_desk_and_slot_give_exactly_one_booking()
    {
        var world = await WorldAsync();
        var principal = await AsAsync(world, world.FacilityManager);
        var from = NextWeekday(9);
        var people = new List<Guid>();
        await using (var db = Factory.OpenSystemDb())
        {
            // A hundred different people, so that only the desk is contended (not the one-booking-per-person rule).
            for (var i = 0; i < 100; i++)
            {
                var email = $"p{i}@{world.Slug}.test";
                var person = new Employee { TenantId = world.Tenant, FirstName = "P", LastName = $"{i}", Email = email, NormalizedEmail = Employee.NormalizeEmail(email) };
                db.Employees.Add(person);
                people.Add(person.Id);
            }

            await db.SaveChangesAsync();
        }

        // All attempts are released at once, on as many threads, so that they race through the checks together
        // (SQLite's provider runs its "async" calls synchronously: without threads of their own they would take turns).
        ThreadPool.GetMinThreads(out var workers, out var ports);
        ThreadPool.SetMinThreads(Math.Max(workers, 110), ports);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = people.Select(person => Task.Run(async () =>
        {
            await using var scope = ServiceCaller.As(Factory, principal);
            var service = scope.ServiceProvider.GetRequiredService<ReservationService>();
            await gate.Task;
            return await service.BookAsync(Desk(world.DesksA[0], from, from.AddHours(4), person));
        })).ToList();
        await Task.Delay(200);
        gate.SetResult();
        var results = await Task.WhenAll(attempts);
        ThreadPool.SetMinThreads(workers, ports);

        results.Count(r => r.Result.Succeeded).ShouldBe(1);
        results.Where(r => !r.Result.Succeeded).ShouldAllBe(r => r.Result.Errors.Single().MessageKey == "Reservation.SlotTaken");
        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Reservations.CountAsync(r => r.SpaceId == world.DesksA[0])).ShouldBe(1);
    }

    [Fact]
    public async Task Bookings_across_both_Paris_clock_changes_keep_their_real_length_and_a_skipped_time_is_refused()
    {
        var world = await WorldAsync();
        await using var scope = ServiceCaller.As(Factory, await AsAsync(world, world.FacilityManager));
        var bookings = scope.ServiceProvider.GetRequiredService<ReservationService>();

        // 22:00 to 06:00 local: 7 real hours across the spring-forward night, 9 across the fall-back night.
        var spring = await bookings.BookAsync(Desk(world.Lab, new DateTime(2026, 3, 28, 22, 0, 0), new DateTime(2026, 3, 29, 6, 0, 0)));
        spring.Result.Errors.ShouldBeEmpty();
        var autumn = await bookings.BookAsync(Desk(world.Lab, new DateTime(2026, 10, 24, 22, 0, 0), new DateTime(2026, 10, 25, 6, 0, 0)));
        autumn.Result.Errors.ShouldBeEmpty();
        var missing = await bookings.BookAsync(Desk(world.Lab, new DateTime(2026, 3, 29, 2, 30, 0), new DateTime(2026, 3, 29, 5, 0, 0)));
        missing.Result.Errors.Single().MessageKey.ShouldBe("Reservation.LocalTimeMissing");

        await using var db = Factory.OpenForTenant(world.Tenant);
        var stored = await db.Reservations.Where(r => r.SpaceId == world.Lab).OrderBy(r => r.StartsAtUtc).ToListAsync();
        stored.Select(r => (r.StartsAtUtc, r.EndsAtUtc)).ShouldBe([
            (new DateTime(2026, 3, 28, 21, 0, 0), new DateTime(2026, 3, 29, 4, 0, 0)),
            (new DateTime(2026, 10, 24, 20, 0, 0), new DateTime(2026, 10, 25, 5, 0, 0)),
        ]);
        (await bookings.GetAsync(autumn.Id!.Value))!.LocalEnd.ShouldBe(new DateTime(2026, 10, 25, 6, 0, 0));
    }

    [Fact]
    public async Task Every_rule_is_checked_again_on_the_server_and_all_breaches_are_told()
    {
        var world = await WorldAsync();
        await using var scope = ServiceCaller.As(Factory, await AsAsync(world, world.FacilityManager));
        var bookings = scope.ServiceProvider.GetRequiredService<ReservationService>();
        var saturday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(5).ToDateTime(new TimeOnly(6, 0));

        var refused = await bookings.BookAsync(Desk(world.DesksA[0], saturday, saturday.AddHours(14), world.Employee));

        refused.Result.Errors.Select(e => (e.MessageKey, e.Detail)).ShouldBe([
            ("Reservation.Breach.TooLong", "720"), ("Reservation.Breach.ClosedDay", null), ("Reservation.Breach.OutsideOpeningHours", null)]);
        var backwards = await bookings.BookAsync(Desk(world.DesksA[0], NextWeekday(12), NextWeekday(10), world.Employee));
        backwards.Result.Errors.Single().MessageKey.ShouldBe("Reservation.EndBeforeStart");
        var guest = new BookingForm { SpaceId = world.DesksA[0], LocalStart = NextWeekday(9), LocalEnd = NextWeekday(10), ExternalGuests = [new ExternalGuestForm { Name = "", Email = "not-an-email" }] };
        (await bookings.BookAsync(guest)).Result.Errors.Select(e => e.MessageKey).ShouldBe(["Reservation.GuestNameRequired", "Reservation.GuestEmailInvalid"]);

        await using var db = Factory.OpenForTenant(world.Tenant);
        (await db.Reservations.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task A_booking_for_someone_else_with_guests_records_holder_beneficiary_and_findable_external_guests()
    {
        var world = await WorldAsync();
        var form = Desk(world.DesksA[1], NextWeekday(9), NextWeekday(12), world.Employee);
        form.ColleagueIds = [world.Colleague];
        form.ExternalGuests = [new ExternalGuestForm { Name = "Gwen Guest", Email = "Gwen.Guest@Partner.example", Company = "Partner SA" }];
        var saved = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(form));
        saved.Result.Errors.ShouldBeEmpty();

        await using var db = Factory.OpenForTenant(world.Tenant);
        var booking = await db.Reservations.SingleAsync(r => r.Id == saved.Id);
        booking.BeneficiaryId.ShouldBe(world.Employee);
        (await db.Employees.SingleAsync(e => e.Id == booking.HolderId)).Email.ShouldBe(world.FacilityManager);
        booking.Status.ShouldBe(ReservationStatus.Confirmed);
        booking.Source.ShouldBe(ReservationSource.Console);
        var external = await db.ReservationGuests.SingleAsync(g => g.NormalizedEmail == "GWEN.GUEST@PARTNER.EXAMPLE");
        external.ReservationId.ShouldBe(booking.Id);
        external.Company.ShouldBe("Partner SA");
        (await db.ReservationGuests.CountAsync(g => g.ReservationId == booking.Id && g.EmployeeId == world.Colleague)).ShouldBe(1);
        var notices = await db.ReservationNotices.Where(n => n.ReservationId == booking.Id).Select(n => new { n.Kind, n.RecipientId, n.GuestId }).ToListAsync();
        notices.Count.ShouldBe(3);
        notices.ShouldAllBe(n => n.Kind == ReservationNoticeKind.Confirmed);
        notices.ShouldContain(n => n.RecipientId == null && n.GuestId == null); // the person it is for
        notices.ShouldContain(n => n.RecipientId == world.Colleague && n.GuestId == null);
        notices.ShouldContain(n => n.RecipientId == null && n.GuestId == external.Id);
        (await db.AuditEntries.CountAsync(a => a.EntityType == "Reservation" && a.EntityId == booking.Id.ToString())).ShouldBe(1);
    }

    [Fact]
    public async Task An_approval_holds_the_slot_and_a_second_decision_is_refused_naming_who_decided()
    {
        var world = await WorldAsync();
        await using (var db = Factory.OpenSystemDb())
        {
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Space, TargetId = world.DesksA[2], RequiresApproval = true });
            await db.SaveChangesAsync();
        }

        var from = NextWeekday(9);
        var pending = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[2], from, from.AddHours(3), world.Employee)));
        pending.Result.Succeeded.ShouldBeTrue();
        var taken = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[2], from.AddHours(1), from.AddHours(2), world.Colleague)));
        taken.Result.Errors.Single().MessageKey.ShouldBe("Reservation.SlotTaken");

        var queueA = await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()));
        queueA.Items.Single().Kind.ShouldBe(QueueItemKind.Approval);
        queueA.Counts[QueueItemKind.Approval].ShouldBe(1);
        (await CallAsync(world, world.SpaceManagerB, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()))).Items.ShouldBeEmpty();
        (await CallAsync(world, world.SpaceManagerB, s => s.GetRequiredService<ArbitrationService>().DecideAsync(pending.Id!.Value, Decision.Approve, null)))
            .Errors.Single().MessageKey.ShouldBe("Common.NotFound");

        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(pending.Id!.Value, Decision.Approve, null))).Succeeded.ShouldBeTrue();
        var second = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ArbitrationService>().DecideAsync(pending.Id!.Value, Decision.Reject, "Too late"));
        second.Errors.Single().ShouldBe(new Jooxter.Admin.Features.Shared.OperationError("", "Arbitration.AlreadyDecided", "Sam Areaone"));
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()))).Items.ShouldBeEmpty();

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Reservations.SingleAsync(r => r.Id == pending.Id)).Status.ShouldBe(ReservationStatus.Confirmed);
        var notices = await check.ReservationNotices.Where(n => n.ReservationId == pending.Id).OrderBy(n => n.QueuedAtUtc).ThenBy(n => n.Kind).Select(n => new { n.Kind, n.RecipientId }).ToListAsync();
        notices.ShouldContain(new { Kind = ReservationNoticeKind.AwaitingApproval, RecipientId = (Guid?)world.SpaceManagerAId });
        notices.ShouldContain(new { Kind = ReservationNoticeKind.Approved, RecipientId = (Guid?)null });
        notices.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_longer_booking_than_allowed_can_be_requested_with_a_reason_and_granted()
    {
        var world = await WorldAsync();
        var form = Desk(world.DesksA[0], NextWeekday(8), NextWeekday(18), world.Employee);
        await using (var db = Factory.OpenSystemDb())
        {
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Floor, TargetId = world.FloorA, MaxDurationMinutes = 240 });
            await db.SaveChangesAsync();
        }

        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(form))).Result.Errors.Single()
            .ShouldBe(new Jooxter.Admin.Features.Shared.OperationError("", "Reservation.Breach.TooLong", "240"));
        form.OverrideReason = "Full-day workshop";
        var requested = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(form));
        requested.Result.Succeeded.ShouldBeTrue();

        var item = (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter(Kind: QueueItemKind.OverrideRequest)))).Items.Single();
        item.Why.Single().MessageKey.ShouldBe("Reservation.Breach.TooLong");
        item.RequestReason.ShouldBe("Full-day workshop");
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(item.Id, Decision.Approve, null))).Errors.Single().MessageKey.ShouldBe("Arbitration.ReasonRequired");
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(item.Id, Decision.Approve, "Agreed with the team lead"))).Succeeded.ShouldBeTrue();

        await using var check = Factory.OpenForTenant(world.Tenant);
        var booking = await check.Reservations.SingleAsync(r => r.Id == item.Id);
        booking.Status.ShouldBe(ReservationStatus.Confirmed);
        booking.AcceptedConflicts.ShouldBe(BookingBreach.TooLong);
        booking.OpenConflicts.ShouldBe(BookingBreach.None);
    }

    [Fact]
    public async Task A_tightened_rule_puts_a_booking_in_the_queue_and_moving_it_tells_the_person_the_new_space()
    {
        var world = await WorldAsync();
        var from = NextWeekday(9);
        var kept = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(8), world.Employee)));
        var moved = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from, from.AddHours(8), world.Colleague)));
        kept.Result.Succeeded.ShouldBeTrue();
        moved.Result.Succeeded.ShouldBeTrue();

        // The space manager limits the two desks to four hours: both bookings now break the rule.
        foreach (var desk in world.DesksA[..2])
        {
            var rules = await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<BookingPolicyService>().GetAsync(PolicyLevel.Space, desk));
            rules.MaxDurationMinutes = 240;
            (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<BookingPolicyService>().SaveAsync(rules))).Succeeded.ShouldBeTrue();
        }

        var queue = await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()));
        queue.Counts[QueueItemKind.Conflict].ShouldBe(2);
        queue.Items.ShouldAllBe(i => i.Kind == QueueItemKind.Conflict && i.Why.Single().MessageKey == "Reservation.Breach.TooLong");

        var suggestions = await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().SuggestAsync(moved.Id!.Value));
        suggestions.Select(s => s.Name).ShouldBe(["A-3"]);
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(moved.Id!.Value, Decision.Move, null, suggestions[0].Id))).Succeeded.ShouldBeTrue();
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(kept.Id!.Value, Decision.Keep, null))).Errors.Single().MessageKey.ShouldBe("Arbitration.ReasonRequired");
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(kept.Id!.Value, Decision.Keep, "Agreed exception"))).Succeeded.ShouldBeTrue();
        (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()))).Total.ShouldBe(0);

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Reservations.SingleAsync(r => r.Id == moved.Id)).SpaceId.ShouldBe(world.DesksA[2]);
        var notice = await check.ReservationNotices.SingleAsync(n => n.ReservationId == moved.Id && n.Kind == ReservationNoticeKind.Moved);
        notice.Reason.ShouldBe("A-3 (Floor A, Office)");
        var keptBooking = await check.Reservations.SingleAsync(r => r.Id == kept.Id);
        (keptBooking.AcceptedConflicts, keptBooking.DecisionReason, keptBooking.DecidedById).ShouldBe((BookingBreach.TooLong, "Agreed exception", world.SpaceManagerAId));
    }

    [Fact]
    public async Task Disabling_a_space_and_keeping_its_bookings_makes_them_conflicts()
    {
        var world = await WorldAsync();
        var from = NextWeekday(10);
        var booked = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DeskB, from, from.AddHours(2), world.Employee)));
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<PlacesService>().ArchiveAsync(new PlaceTarget(PlaceKind.Space, world.DeskB), ImpactDecision.Keep))).ShouldBe(0);

        var item = (await CallAsync(world, world.SpaceManagerB, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()))).Items.Single();
        (item.Id, item.Kind, item.Why.Single().MessageKey).ShouldBe((booked.Id!.Value, QueueItemKind.Conflict, "Reservation.Breach.SpaceUnavailable"));
        (await CallAsync(world, world.SpaceManagerB, s => s.GetRequiredService<ArbitrationService>().DecideManyAsync([item.Id], Decision.Cancel, "Desk removed"))).ShouldBe(1);

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Reservations.SingleAsync(r => r.Id == item.Id)).Status.ShouldBe(ReservationStatus.Cancelled);
        (await check.ReservationNotices.SingleAsync(n => n.ReservationId == item.Id && n.Kind == ReservationNoticeKind.Cancelled)).Reason.ShouldBe("Desk removed");
    }

    [Fact]
    public async Task Search_hides_hidden_spaces_shows_restricted_and_taken_ones_as_unavailable_with_the_reason()
    {
        var world = await WorldAsync();
        Guid board;
        await using (var db = Factory.OpenSystemDb())
        {
            var group = new UserGroup { TenantId = world.Tenant, Name = "Board" };
            db.UserGroups.Add(group);
            board = group.Id;
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Space, TargetId = world.DesksA[0], Audience = BookingAudience.HiddenExceptGroups, AudienceGroupIds = [group.Id] });
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Space, TargetId = world.DesksA[1], Audience = BookingAudience.RestrictedToGroups, AudienceGroupIds = [group.Id] });
            await db.SaveChangesAsync();
        }

        var from = NextWeekday(9);
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DeskB, from, from.AddHours(2), world.Colleague)))).Result.Succeeded.ShouldBeTrue();
        var query = new AvailabilityQuery { BuildingId = world.Office, LocalStart = from, LocalEnd = from.AddHours(2), BeneficiaryId = world.Employee };
        var found = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().SearchAsync(query));

        found.Spaces.Select(s => (s.Name, s.Free, string.Join(",", s.Reasons.Select(r => r.MessageKey)))).ShouldBe([
            ("A-3", true, ""), ("A-2", false, "Reservation.Breach.RestrictedAudience"), ("B-1", false, "Reservation.SlotTaken")]);
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(2), world.Employee))))
            .Result.Errors.Single().MessageKey.ShouldBe("Common.NotFound");

        await using (var db = Factory.OpenSystemDb())
        {
            db.UserGroupMembers.Add(new UserGroupMember { TenantId = world.Tenant, UserGroupId = board, EmployeeId = world.Employee });
            await db.SaveChangesAsync();
        }

        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().SearchAsync(query))).Spaces.Where(s => s.Free).Select(s => s.Name)
            .ShouldBe(["A-1", "A-2", "A-3"]);
    }

    [Fact]
    public async Task Another_customer_cannot_see_book_or_decide_on_this_customers_bookings()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var from = NextWeekday(9);
        var booked = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(2), world.Employee)));

        (await CallAsync(other, other.FacilityManager, s => s.GetRequiredService<ReservationService>().GetAsync(booked.Id!.Value))).ShouldBeNull();
        (await CallAsync(other, other.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from, from.AddHours(2)))))
            .Result.Errors.Single().MessageKey.ShouldBe("Common.NotFound");
        (await CallAsync(other, other.FacilityManager, s => s.GetRequiredService<ArbitrationService>().DecideAsync(booked.Id!.Value, Decision.Cancel, "No")))
            .Errors.Single().MessageKey.ShouldBe("Common.NotFound");
        (await CallAsync(other, other.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelManyAsync([booked.Id!.Value], "No"))).Done.ShouldBe(0);
        (await CallAsync(other, other.FacilityManager, s => s.GetRequiredService<ReservationService>().DayAsync(world.FloorA, DateOnly.FromDateTime(from)))).ShouldBeNull();
    }

    [Fact]
    public async Task A_selection_is_cancelled_with_one_reason_and_each_person_is_told_leaving_what_is_already_settled()
    {
        var world = await WorldAsync();
        var from = NextWeekday(9);
        var first = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(2), world.Employee)));
        var second = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from, from.AddHours(2), world.Colleague)));
        var settled = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[2], from.AddHours(3), from.AddHours(4), world.Colleague)));
        var untouched = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DeskB, from, from.AddHours(2))));
        new[] { first, second, settled, untouched }.SelectMany(r => r.Result.Errors).ShouldBeEmpty();
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelAsync(settled.Id!.Value, "Earlier"))).Succeeded.ShouldBeTrue();

        var selection = new[] { first.Id!.Value, second.Id!.Value, settled.Id!.Value, Guid.NewGuid() };
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelManyAsync(selection, "  "))).Result.Errors.Single().MessageKey.ShouldBe("Reservations.BulkCancel.ReasonRequired");
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelManyAsync(selection, " Floor closed for works "))).Done.ShouldBe(2);

        // A selection made before someone else changed one of its bookings cancels nothing and says so.
        var later = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from.AddHours(4), from.AddHours(5), world.Employee)));
        var seen = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().GetAsync(later.Id!.Value));
        await using (var db = Factory.OpenSystemDb())
        {
            var booking = await db.Reservations.SingleAsync(r => r.Id == later.Id);
            booking.Subject = "Changed by someone else";
            await db.SaveChangesAsync();
        }

        var stale = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelManyAsync([later.Id!.Value], "Works", new Dictionary<Guid, Guid> { [later.Id!.Value] = seen!.Version }));
        (stale.Done, stale.Result.Errors.Single().MessageKey).ShouldBe((0, "Common.Conflict"));

        await using var check = Factory.OpenSystemDb();
        (await check.Reservations.SingleAsync(r => r.Id == later.Id)).Status.ShouldBe(ReservationStatus.Confirmed);
        var rows = await check.Reservations.Where(r => r.TenantId == world.Tenant).Select(r => new { r.Id, r.Status, r.DecisionReason }).ToListAsync();
        rows.Single(r => r.Id == first.Id).ShouldBe(new { Id = first.Id!.Value, Status = ReservationStatus.Cancelled, DecisionReason = (string?)"Floor closed for works" });
        rows.Single(r => r.Id == second.Id).ShouldBe(new { Id = second.Id!.Value, Status = ReservationStatus.Cancelled, DecisionReason = (string?)"Floor closed for works" });
        rows.Single(r => r.Id == settled.Id).DecisionReason.ShouldBe("Earlier");
        rows.Single(r => r.Id == untouched.Id).Status.ShouldBe(ReservationStatus.Confirmed);
        var told = await check.ReservationNotices
            .Where(n => (n.ReservationId == first.Id || n.ReservationId == second.Id) && n.Kind == ReservationNoticeKind.Cancelled)
            .Select(n => n.Reason).ToListAsync();
        told.ShouldBe(["Floor closed for works", "Floor closed for works"]);
        (await check.ReservationNotices.CountAsync(n => n.ReservationId == settled.Id && n.Kind == ReservationNoticeKind.Cancelled)).ShouldBe(1);
    }

    [Fact]
    public async Task A_no_show_is_released_once_by_two_sweepers_at_once_and_an_unanswered_request_expires_at_its_start()
    {
        var world = await WorldAsync();
        await using (var db = Factory.OpenSystemDb())
        {
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Floor, TargetId = world.FloorA, AutoReleaseAfterMinutes = 15 });
            db.BookingPolicies.Add(new BookingPolicy { TenantId = world.Tenant, Level = PolicyLevel.Floor, TargetId = world.FloorB, RequiresApproval = true });
            await db.SaveChangesAsync();
        }

        var now = app.Clock.GetUtcNow().UtcDateTime;
        var local = BuildingTime.ToLocal(now, BuildingTime.Zone("Europe/Paris"));
        var start = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0).AddHours(1);
        var noShow = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], start, start.AddHours(2), world.Employee)));
        var present = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], start, start.AddHours(2), world.Colleague)));
        var unanswered = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DeskB, start, start.AddHours(2))));
        new[] { noShow, present, unanswered }.SelectMany(r => r.Result.Errors).ShouldBeEmpty();
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CheckInAsync(present.Id!.Value))).Errors.Single().MessageKey.ShouldBe("Reservation.OutsideCheckInWindow");

        app.Clock.Advance(TimeSpan.FromMinutes(70));
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CheckInAsync(present.Id!.Value))).Succeeded.ShouldBeTrue();
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        var sweepAt = app.Clock.GetUtcNow().UtcDateTime;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReservationSweeper>().SweepAsync(sweepAt);
        })));

        await using var check = Factory.OpenForTenant(world.Tenant);
        var statuses = await check.Reservations.ToDictionaryAsync(r => r.Id, r => r.Status);
        statuses[noShow.Id!.Value].ShouldBe(ReservationStatus.Released);
        statuses[present.Id!.Value].ShouldBe(ReservationStatus.CheckedIn);
        statuses[unanswered.Id!.Value].ShouldBe(ReservationStatus.Rejected);
        (await check.ReservationNotices.CountAsync(n => n.ReservationId == noShow.Id && n.Kind == ReservationNoticeKind.Released)).ShouldBe(1);
        (await check.ReservationNotices.CountAsync(n => n.ReservationId == unanswered.Id && n.Kind == ReservationNoticeKind.Rejected)).ShouldBe(1);
        (await check.AuditEntries.CountAsync(a => a.EntityId == noShow.Id.ToString() && a.Action == Jooxter.Admin.Infrastructure.Audit.AuditAction.Updated)).ShouldBe(1);
        outcomes.ShouldAllBe(o => o.Released >= 0);
    }

    [Fact]
    public async Task The_export_is_in_the_callers_language_and_a_formula_looking_subject_stays_text()
    {
        var world = await WorldAsync();
        var from = NextWeekday(9);
        var form = Desk(world.DesksA[0], from, from.AddHours(2), world.Employee);
        form.Subject = "=HYPERLINK(\"http://evil.example\",\"clic\")";
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(form))).Result.Succeeded.ShouldBeTrue();

        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        byte[] workbook;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
            workbook = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().ExportAsync(
                world.Office, null, DateOnly.FromDateTime(from).AddDays(-1), DateOnly.FromDateTime(from),
                s.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Jooxter.Admin.Resources.SharedResource>>()));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(workbook));
        var sheet = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
        sheet.ShouldContain(">Espace</t>");
        sheet.ShouldContain(">Réservé par</t>");
        sheet.ShouldContain(">Eva Booker</t>");
        sheet.ShouldContain(">=HYPERLINK(\"http://evil.example\",\"clic\")</t>");
        sheet.ShouldNotContain("<f>");
        System.Text.RegularExpressions.Regex.Matches(sheet, "<c ").Count.ShouldBe(System.Text.RegularExpressions.Regex.Matches(sheet, "t=\"inlineStr\"").Count);
    }

    [Fact]
    public async Task No_shows_are_counted_per_floor_for_a_building_and_per_space_for_a_floor()
    {
        var world = await WorldAsync();
        var yesterday = app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-1).AddHours(8);
        await using (var db = Factory.OpenSystemDb())
        {
            Reservation Past(Guid space, ReservationStatus status, int daysAgo) => new()
            {
                TenantId = world.Tenant, SpaceId = space, HolderId = world.Employee, Status = status,
                StartsAtUtc = yesterday.AddDays(-daysAgo), EndsAtUtc = yesterday.AddDays(-daysAgo).AddHours(2),
            };
            db.Reservations.AddRange(
                Past(world.DesksA[0], ReservationStatus.CheckedIn, 0), Past(world.DesksA[0], ReservationStatus.Released, 1),
                Past(world.DesksA[1], ReservationStatus.CheckedIn, 2), Past(world.DesksA[1], ReservationStatus.Cancelled, 3),
                Past(world.DeskB, ReservationStatus.Released, 0), Past(world.DeskB, ReservationStatus.Released, 40));
            await db.SaveChangesAsync();
        }

        var building = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().NoShowsAsync(new PlaceTarget(PlaceKind.Building, world.Office), 30));
        building.Select(r => (r.Name, r.Due, r.NoShows)).ShouldBe([("Floor A", 3, 1), ("Floor B", 1, 1)]);
        var floor = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().NoShowsAsync(new PlaceTarget(PlaceKind.Floor, world.FloorA), 30));
        floor.Select(r => (r.Name, r.Due, r.NoShows)).ShouldBe([("A-1", 2, 1), ("A-2", 1, 0)]);
        floor[0].Rate.ShouldBe(0.5);
        (await CallAsync(world, world.SpaceManagerB, s => s.GetRequiredService<ReservationService>().NoShowsAsync(new PlaceTarget(PlaceKind.Building, world.Office), 90)))
            .Select(r => (r.Name, r.Due, r.NoShows)).ShouldBe([("Floor B", 2, 2)]);
    }

    [Fact]
    public async Task A_change_of_time_or_space_checks_the_rules_again_and_refuses_a_stale_version()
    {
        var world = await WorldAsync();
        var from = NextWeekday(9);
        var booked = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(2), world.Employee)));
        var other = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from.AddHours(3), from.AddHours(5), world.Colleague)));
        var row = (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().GetAsync(booked.Id!.Value)))!;

        ChangeForm Change(Guid space, DateTime start, DateTime end, Guid? version) => new() { Id = booked.Id!.Value, SpaceId = space, LocalStart = start, LocalEnd = end, Version = version };
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().ChangeAsync(Change(world.DesksA[1], from.AddHours(4), from.AddHours(6), row.Version))))
            .Errors.Single().MessageKey.ShouldBe("Reservation.SlotTaken");
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().ChangeAsync(Change(world.DesksA[0], from, from.AddHours(11), row.Version))))
            .Errors.Select(e => e.MessageKey).ShouldBe(["Reservation.Breach.OutsideOpeningHours"]);
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().ChangeAsync(Change(world.DesksA[2], from.AddHours(1), from.AddHours(4), row.Version))))
            .Succeeded.ShouldBeTrue();
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().ChangeAsync(Change(world.DesksA[0], from, from.AddHours(1), row.Version))))
            .Errors.Single().MessageKey.ShouldBe("Common.Conflict");

        await using var check = Factory.OpenForTenant(world.Tenant);
        var changed = await check.Reservations.SingleAsync(r => r.Id == booked.Id);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        (changed.SpaceId, changed.StartsAtUtc, changed.EndsAtUtc).ShouldBe((world.DesksA[2], TimeZoneInfo.ConvertTimeToUtc(from.AddHours(1), paris), TimeZoneInfo.ConvertTimeToUtc(from.AddHours(4), paris)));
        (await check.ReservationNotices.CountAsync(n => n.ReservationId == booked.Id && n.Kind == ReservationNoticeKind.Changed)).ShouldBe(1);
        other.Result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_zone_cap_refuses_one_booking_too_many_and_a_lowered_cap_puts_the_latest_booking_in_the_queue()
    {
        var world = await WorldAsync();
        await using (var db = Factory.OpenSystemDb())
        {
            var zone = new Zone { TenantId = world.Tenant, FloorId = world.FloorA, Name = "Team" };
            db.Zones.Add(zone);
            await db.SaveChangesAsync();
            await db.Spaces.Where(s => s.Id == world.DesksA[0] || s.Id == world.DesksA[1]).ExecuteUpdateAsync(s => s.SetProperty(x => x.ZoneId, zone.Id));
        }

        async Task<OperationResult> CapAsync(int? cap)
        {
            var zone = (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<PlacesService>().GetFloorAsync(world.FloorA)))!.Zones.Single(z => z.Name == "Team");
            return await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<PlacesService>().SetZoneCapAsync(zone.Id, cap, zone.Version));
        }

        var from = NextWeekday(9);
        (await CapAsync(1)).Succeeded.ShouldBeTrue();
        (await CapAsync(0)).Errors.Single().MessageKey.ShouldBe("Zones.CapRange");
        var first = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(3), world.Employee)));
        first.Result.Succeeded.ShouldBeTrue();
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from.AddHours(1), from.AddHours(2), world.Colleague))))
            .Result.Errors.Single().ShouldBe(new OperationError("", "Reservation.Breach.ZoneFull", "1"));

        (await CapAsync(null)).Succeeded.ShouldBeTrue();
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from.AddHours(1), from.AddHours(2), world.Colleague)));
        second.Result.Succeeded.ShouldBeTrue();
        (await CapAsync(1)).Succeeded.ShouldBeTrue();

        var item = (await CallAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter()))).Items.Single();
        (item.Id, item.Kind, item.Why.Single()).ShouldBe((second.Id!.Value, QueueItemKind.Conflict, new OperationError("", "Reservation.Breach.ZoneFull", "1")));
    }

    [Fact]
    public async Task An_assistant_books_for_the_people_of_their_groups_sees_only_their_bookings_and_decides_nothing()
    {
        var world = await WorldAsync();
        var assistantEmail = $"ann.assist@{world.Slug}.test";
        Guid assistantId;
        await using (var db = Factory.OpenSystemDb())
        {
            var team = new UserGroup { TenantId = world.Tenant, Name = "Team" };
            var assistant = new Employee { TenantId = world.Tenant, FirstName = "Ann", LastName = "Assist", Email = assistantEmail, NormalizedEmail = assistantEmail.ToUpperInvariant() };
            db.AddRange(team, assistant);
            db.UserGroupMembers.Add(new UserGroupMember { TenantId = world.Tenant, UserGroupId = team.Id, EmployeeId = world.Employee });
            db.RoleAssignments.Add(new RoleAssignment { TenantId = world.Tenant, EmployeeId = assistant.Id, Role = Role.Assistant, ScopeKind = ScopeKind.UserGroup, ScopeId = team.Id });
            await db.SaveChangesAsync();
            assistantId = assistant.Id;
        }

        var from = NextWeekday(9);
        (await CallAsync(world, assistantEmail, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[0], from, from.AddHours(2), world.Employee)))).Result.Succeeded.ShouldBeTrue();
        (await CallAsync(world, assistantEmail, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[1], from, from.AddHours(2)))))
            .Result.Succeeded.ShouldBeTrue();
        (await CallAsync(world, assistantEmail, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[2], from, from.AddHours(2), world.Colleague))))
            .Result.Errors.Single().MessageKey.ShouldBe("Common.NotFound");
        (await CallAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(Desk(world.DesksA[2], from, from.AddHours(2), world.Colleague))))
            .Result.Succeeded.ShouldBeTrue();

        var day = (await CallAsync(world, assistantEmail, s => s.GetRequiredService<ReservationService>().DayAsync(world.FloorA, DateOnly.FromDateTime(from))))!;
        day.Spaces.Select(l => l.Name).ShouldBe(["A-1", "A-2", "A-3"]);
        day.Spaces.SelectMany(l => l.Bookings).Select(b => b.For).Order().ShouldBe(["Ann Assist", "Eva Booker"]);
        (await CallAsync(world, assistantEmail, s => s.GetRequiredService<ReservationService>().PeopleAsync(null))).Select(p => p.Name).ShouldBe(["Ann Assist", "Eva Booker"]);
        await Should.ThrowAsync<AccessDeniedException>(() => CallAsync(world, assistantEmail, s => s.GetRequiredService<ArbitrationService>().QueueAsync(new QueueFilter())));

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.Reservations.CountAsync(r => r.HolderId == assistantId && r.CreatedById == assistantId)).ShouldBe(2);
    }
}
