using Ical.Net;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Reservations.Notices;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Jooxter.Admin.Tests.Features.Reservations;

/// <summary>The console on a fake clock, sending to a real SMTP server (smtp4dev) on loopback.</summary>
public sealed class MailApp : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public AdminAppFactory App { get; private set; } = null!;

    public Smtp4devProcess Smtp { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await Smtp4devProcess.StartAsync();
        App = new AdminAppFactory { Clock = Clock };
        App.Settings["Mail:Host"] = "127.0.0.1";
        App.Settings["Mail:Port"] = Smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.Settings["Mail:Security"] = "None";
        App.Settings["Mail:From"] = "bookings@jooxter.test";
        // The test sends when it says so: the background round would only run after an hour of fake time.
        App.Settings["Mail:PollSeconds"] = "3600";
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class NoticeDeliveryTests(MailApp app) : IClassFixture<MailApp>
{
    private async Task<NoticeSender.Outcome> SendAsync()
    {
        await using var scope = app.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeSender>().SendDueAsync(app.Clock.GetUtcNow().UtcDateTime);
    }

    private async Task<T> AsAsync<T>(World world, string email, Func<IServiceProvider, Task<T>> call)
    {
        var outcome = await ServiceCaller.ResolveAsync(app.App, email, tenantSlug: world.Slug);
        await using var scope = ServiceCaller.As(app.App, outcome.Principal!);
        return await call(scope.ServiceProvider);
    }

    private static string EmailOf(World world) => $"eva.booker@{world.Slug}.test";

    private static Calendar CalendarOf(MimeMessage message)
    {
        var part = message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Calendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
    }

    [Fact]
    public async Task A_booking_is_mailed_in_the_persons_language_with_a_calendar_entry_and_a_cancellation_waits_out_a_mail_server_outage()
    {
        var world = await ReservationServicesTests.CreateWorldAsync(app.App, language: "fr");
        var day = new DateTime(2026, 3, 4);
        var booked = await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(
            new BookingForm { SpaceId = world.DesksA[0], BeneficiaryId = world.Employee, LocalStart = day.AddHours(9), LocalEnd = day.AddHours(12) }));
        booked.Result.Succeeded.ShouldBeTrue();

        (await SendAsync()).Sent.ShouldBeGreaterThanOrEqualTo(1);
        var confirmed = await app.Smtp.WaitForAsync(EmailOf(world), _ => true);
        confirmed.Subject.ShouldBe("Réservé : A-1 le 04/03/2026");
        confirmed.Body!.Headers["Content-Language"].ShouldBe("fr");
        confirmed.TextBody!.ShouldContain("Où : A-1, Floor A, Office");
        confirmed.TextBody!.ShouldContain("09:00–12:00 (Europe/Paris)");
        confirmed.HtmlBody!.ShouldContain("<p>Bonjour Eva Booker,</p>");
        var request = CalendarOf(confirmed);
        request.Method.ShouldBe("REQUEST");
        var invitation = request.Events.Single();
        invitation.Uid.ShouldBe($"{booked.Id:N}@jooxter-admin");
        invitation.DtStart!.AsUtc.ShouldBe(new DateTime(2026, 3, 4, 8, 0, 0, DateTimeKind.Utc));

        // The mail server goes down; the cancellation waits in the outbox instead of being lost.
        var (smtpPort, apiPort) = (app.Smtp.SmtpPort, app.Smtp.ApiPort);
        await app.Smtp.DisposeAsync();
        (await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelAsync(booked.Id!.Value, "Travaux"))).Succeeded.ShouldBeTrue();
        var down = await SendAsync();
        down.Sent.ShouldBe(0);
        await using (var db = app.App.OpenForTenant(world.Tenant))
        {
            var waiting = await db.ReservationNotices.SingleAsync(n => n.ReservationId == booked.Id && n.Kind == ReservationNoticeKind.Cancelled);
            waiting.Status.ShouldBe(NotificationStatus.Pending);
            waiting.NextAttemptAtUtc.ShouldNotBeNull();
        }

        // Back up (an empty server on the same ports): the cancellation arrives once, the confirmation is not sent again.
        app.Smtp = await Smtp4devProcess.StartAsync(smtpPort, apiPort);
        (await SendAsync()).Sent.ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await SendAsync()).Sent.ShouldBeGreaterThanOrEqualTo(1);
        await SendAsync();
        var cancelled = await app.Smtp.WaitForAsync(EmailOf(world), _ => true);
        cancelled.Subject.ShouldBe("Réservation annulée : A-1 le 04/03/2026");
        cancelled.TextBody!.ShouldContain("Motif : Travaux");
        var cancel = CalendarOf(cancelled);
        cancel.Method.ShouldBe("CANCEL");
        cancel.Events.Single().Uid.ShouldBe($"{booked.Id:N}@jooxter-admin");
        (await app.Smtp.MessagesAsync()).Count(m => m.To.Mailboxes.Any(a => a.Address == EmailOf(world))).ShouldBe(1);

        await using var check = app.App.OpenForTenant(world.Tenant);
        (await check.ReservationNotices.Where(n => n.ReservationId == booked.Id).Select(n => n.Status).ToListAsync()).ShouldAllBe(s => s == NotificationStatus.Sent);
    }

    [Fact]
    public async Task A_booking_moved_by_arbitration_is_mailed_naming_the_new_space()
    {
        var world = await ReservationServicesTests.CreateWorldAsync(app.App);
        var day = new DateTime(2026, 3, 5);
        var booked = await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(
            new BookingForm { SpaceId = world.DesksA[0], BeneficiaryId = world.Employee, LocalStart = day.AddHours(9), LocalEnd = day.AddHours(17) }));
        (await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<PlacesService>().ArchiveAsync(new PlaceTarget(PlaceKind.Space, world.DesksA[0]), ImpactDecision.Keep))).ShouldBe(0);
        var target = (await AsAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().SuggestAsync(booked.Id!.Value)))[0];
        (await AsAsync(world, world.SpaceManagerA, s => s.GetRequiredService<ArbitrationService>().DecideAsync(booked.Id!.Value, Decision.Move, "Desk removed", target.Id))).Succeeded.ShouldBeTrue();

        await SendAsync();
        var moved = await app.Smtp.WaitForAsync(EmailOf(world), m => m.Subject!.StartsWith("Booking moved", StringComparison.Ordinal));
        moved.Subject.ShouldBe("Booking moved to A-2 on 05/03/2026");
        moved.TextBody!.ShouldContain("Where: A-2, Floor A, Office");
        moved.TextBody!.ShouldContain("Reason: A-2 (Floor A, Office)");
        CalendarOf(moved).Events.Single().Location.ShouldBe("A-2, Floor A, Office");
    }

    [Fact]
    public async Task The_outbox_shows_a_failed_notice_to_the_administrator_who_puts_it_back_in_the_queue()
    {
        var world = await ReservationServicesTests.CreateWorldAsync(app.App);
        var adminEmail = $"ada.admin@{world.Slug}.test";
        Guid noticeId;
        await using (var db = app.App.OpenSystemDb())
        {
            var admin = new Jooxter.Admin.Features.People.Employee { TenantId = world.Tenant, FirstName = "Ada", LastName = "Admin", Email = adminEmail, NormalizedEmail = adminEmail.ToUpperInvariant() };
            db.Employees.Add(admin);
            db.RoleAssignments.Add(new Jooxter.Admin.Features.People.RoleAssignment { TenantId = world.Tenant, EmployeeId = admin.Id, Role = Jooxter.Admin.Infrastructure.Security.Role.TenantAdministrator });
            var reservation = new Reservation { TenantId = world.Tenant, SpaceId = world.DesksA[0], HolderId = world.Employee, StartsAtUtc = new DateTime(2026, 3, 6, 8, 0, 0, DateTimeKind.Utc), EndsAtUtc = new DateTime(2026, 3, 6, 10, 0, 0, DateTimeKind.Utc) };
            db.Reservations.Add(reservation);
            var notice = new ReservationNotice { TenantId = world.Tenant, ReservationId = reservation.Id, Kind = ReservationNoticeKind.Confirmed, Reason = "", QueuedAtUtc = reservation.StartsAtUtc.AddDays(-1), Status = NotificationStatus.Failed, Attempts = 8, LastError = "550 mailbox unavailable" };
            db.ReservationNotices.Add(notice);
            noticeId = notice.Id;
            await db.SaveChangesAsync();
        }

        var failed = await AsAsync(world, adminEmail, s => s.GetRequiredService<OutboxService>().ListAsync(NotificationStatus.Failed));
        var row = failed.Items.Single();
        (row.Id, row.Recipient, row.LastError, row.Attempts, row.Space).ShouldBe((noticeId, $"Eva Booker <{EmailOf(world)}>", "550 mailbox unavailable", 8, "A-1"));
        (await AsAsync(world, adminEmail, s => s.GetRequiredService<OutboxService>().RetryAsync(noticeId))).Succeeded.ShouldBeTrue();
        (await AsAsync(world, adminEmail, s => s.GetRequiredService<OutboxService>().RetryAsync(noticeId))).Errors.Single().MessageKey.ShouldBe("Outbox.NotFailed");
        (await AsAsync(world, adminEmail, s => s.GetRequiredService<OutboxService>().ListAsync(NotificationStatus.Failed))).Total.ShouldBe(0);
        await Should.ThrowAsync<Jooxter.Admin.Infrastructure.Security.AccessDeniedException>(() => AsAsync(world, world.FacilityManager, s => s.GetRequiredService<OutboxService>().ListAsync(null)));
    }

    [Fact]
    public async Task A_new_employee_queued_a_welcome_by_the_import_receives_it_in_their_language()
    {
        var world = await ReservationServicesTests.CreateWorldAsync(app.App);
        var email = $"nouvelle.recrue@{world.Slug}.test";
        await using (var db = app.App.OpenSystemDb())
        {
            var person = new Jooxter.Admin.Features.People.Employee { TenantId = world.Tenant, FirstName = "Nina", LastName = "Nouvelle", Email = email, NormalizedEmail = email.ToUpperInvariant(), Language = "fr" };
            db.Employees.Add(person);
            db.WelcomeNotifications.Add(new WelcomeNotification { TenantId = world.Tenant, EmployeeId = person.Id, QueuedAtUtc = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        await SendAsync();
        var welcome = await app.Smtp.WaitForAsync(email, _ => true);
        welcome.Subject.ShouldBe($"Bienvenue sur Jooxter chez {world.Slug}");
        welcome.TextBody!.ShouldContain("Bonjour Nina Nouvelle,");
        welcome.BodyParts.OfType<MimePart>().ShouldNotContain(p => p.ContentType.MimeType == "text/calendar");
        await using var check = app.App.OpenForTenant(world.Tenant);
        (await check.WelcomeNotifications.SingleAsync()).Status.ShouldBe(NotificationStatus.Sent);
    }

    [Fact]
    public async Task An_external_guest_receives_the_invitation_and_its_cancellation_for_their_calendar()
    {
        var world = await ReservationServicesTests.CreateWorldAsync(app.App);
        var day = new DateTime(2026, 3, 6);
        var form = new BookingForm { SpaceId = world.DesksA[2], BeneficiaryId = world.Employee, LocalStart = day.AddHours(14), LocalEnd = day.AddHours(15), ColleagueIds = [world.Colleague] };
        form.ExternalGuests.Add(new ExternalGuestForm { Name = "Gwen Guest", Email = $"gwen@{world.Slug}-partner.example", Company = "Partner" });
        var booked = await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().BookAsync(form));
        booked.Result.Succeeded.ShouldBeTrue();

        await SendAsync();
        var invitation = await app.Smtp.WaitForAsync($"gwen@{world.Slug}-partner.example", _ => true);
        invitation.Subject.ShouldBe("Booked: A-3 on 06/03/2026");
        invitation.TextBody!.ShouldContain("Hello Gwen Guest,");
        var request = CalendarOf(invitation);
        (request.Method, request.Events.Single().Uid).ShouldBe(("REQUEST", $"{booked.Id:N}@jooxter-admin"));
        await app.Smtp.WaitForAsync($"carl.colleague@{world.Slug}.test", m => m.Subject == "Booked: A-3 on 06/03/2026");

        (await AsAsync(world, world.FacilityManager, s => s.GetRequiredService<ReservationService>().CancelAsync(booked.Id!.Value, "Meeting moved online"))).Succeeded.ShouldBeTrue();
        await SendAsync();
        var cancelled = await app.Smtp.WaitForAsync($"gwen@{world.Slug}-partner.example", m => m.Subject!.StartsWith("Booking cancelled", StringComparison.Ordinal));
        CalendarOf(cancelled).Method.ShouldBe("CANCEL");
        cancelled.TextBody!.ShouldContain("Reason: Meeting moved online");
    }
}
