using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class RegisterTests(PrivacyApp app)
{
    private AdminAppFactory Factory => app.App;

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    // The principal is resolved in an awaited call, the scope made in the test itself (the context accessor is an async-local).
    private async Task<System.Security.Claims.ClaimsPrincipal> DpoAsync(PrivacyWorld world) =>
        (await ServiceCaller.ResolveAsync(Factory, world.DpoEmail, tenantSlug: world.Slug)).Principal!;

    [Fact]
    public async Task A_request_by_an_address_an_invitation_names_is_an_external_guests_and_its_steps_are_on_file()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        await using var scope = ServiceCaller.As(Factory, await DpoAsync(world));
        var register = scope.ServiceProvider.GetRequiredService<RightsRequestService>();

        var guest = await register.RecordAsync(new RequestForm { Kind = RightsRequestKind.Access, Email = "Yann.Other@elsewhere.test", Channel = RequestChannel.Letter, ReceivedOn = Now.AddDays(-3) });
        guest.Result.Succeeded.ShouldBeTrue();
        var unknown = await register.RecordAsync(new RequestForm { Kind = RightsRequestKind.Erasure, Email = "nobody@nowhere.test" });
        var noAddress = await register.RecordAsync(new RequestForm { Kind = RightsRequestKind.Erasure });
        noAddress.Result.Errors.Single().MessageKey.ShouldBe("Privacy.Request.EmailRequired");
        var future = await register.RecordAsync(new RequestForm { Kind = RightsRequestKind.Access, Email = "a@b.test", ReceivedOn = Now.AddDays(2) });
        future.Result.Errors.Single().MessageKey.ShouldBe("Privacy.Request.ReceivedInFuture");

        var detail = (await register.GetAsync(guest.Id!.Value))!;
        detail.Row.SubjectKind.ShouldBe(RightsSubjectKind.ExternalGuest);
        detail.Row.DueAtUtc.ShouldBe(Now.AddDays(27));
        detail.Channel.ShouldBe(RequestChannel.Letter);
        (await register.GetAsync(unknown.Id!.Value))!.Row.SubjectKind.ShouldBe(RightsSubjectKind.Unmatched);

        (await register.MoveAsync(detail.Row.Id, detail.Version, RightsRequestStatus.IdentityVerified)).Succeeded.ShouldBeTrue();
        (await register.MoveAsync(detail.Row.Id, detail.Version, RightsRequestStatus.InProgress)).Errors.Single().MessageKey.ShouldBe("Common.Conflict");
        (await register.NoteAsync(detail.Row.Id, "Called back")).Succeeded.ShouldBeTrue();
        (await register.GetAsync(detail.Row.Id))!.Steps.Select(s => s.Kind).ShouldBe([RequestStepKind.Recorded, RequestStepKind.StatusChanged, RequestStepKind.Note]);

        // The guest's own invitation is what an access export of this request finds.
        var export = await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().ExportAsync(detail.Row.Id);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(export!.Content));
        using var reader = new StreamReader(zip.GetEntry("data.json")!.Open());
        var json = System.Text.Json.JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
        json.GetProperty("data").GetProperty("ReservationGuest").EnumerateArray().Single().GetProperty("Company").GetString().ShouldBe("Elsewhere");
        json.GetProperty("data").TryGetProperty("Employee", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_dashboard_counts_overdue_paused_and_this_weeks_requests_and_an_extension_writes_to_the_requester()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid late, soon, waiting;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var a = RightsRequest.Receive(RightsRequestKind.Access, Now.AddDays(-31), world.Bob);
            var b = RightsRequest.Receive(RightsRequestKind.Access, Now.AddDays(-27), world.Bob);
            var c = RightsRequest.Receive(RightsRequestKind.Access, Now.AddDays(-35), world.Bob);
            c.Pause("Identity", Now.AddDays(-10));
            a.RequesterEmail = b.RequesterEmail = c.RequesterEmail = $"bob@{world.Slug}.test";
            db.RightsRequests.AddRange(a, b, c);
            await db.SaveChangesAsync();
            (late, soon, waiting) = (a.Id, b.Id, c.Id);
        }

        await using var scope = ServiceCaller.As(Factory, await DpoAsync(world));
        var register = scope.ServiceProvider.GetRequiredService<RightsRequestService>();
        var dashboard = await register.DashboardAsync();
        // The world's erasure request (2 days old) and the old access request (refused) count as open and closed.
        dashboard.ShouldBe(new RequestDashboard(Open: 4, DueThisWeek: 1, Overdue: 1, Paused: 1, AverageDaysToAnswer: null, AnsweredLast90Days: 0));
        (await register.ListAsync(new RequestFilter(OverdueOnly: true))).Select(r => r.Id).ShouldBe([late]);
        (await register.ListAsync(new RequestFilter(DueThisWeekOnly: true))).Select(r => r.Id).ShouldBe([soon]);
        (await register.ListAsync(new RequestFilter(Search: "zoé lambert"))).Count.ShouldBe(2);

        var version = (await register.GetAsync(late))!.Version;
        (await register.ExtendAsync(late, version, 2, "Backlog after a merger")).Succeeded.ShouldBeTrue();
        (await register.ListAsync(new RequestFilter(OverdueOnly: true))).ShouldBeEmpty();
        await using var check = Factory.OpenForTenant(world.Tenant);
        var notice = await check.PrivacyNotices.SingleAsync(n => n.RequestId == late);
        notice.Kind.ShouldBe(PrivacyNoticeKind.Extended);
        notice.RecipientEmail.ShouldBe($"bob@{world.Slug}.test");
        (await check.RightsRequests.SingleAsync(r => r.Id == waiting)).PausedSinceUtc.ShouldBe(Now.AddDays(-10));
    }

    [Fact]
    public async Task The_DPOs_daily_digest_is_queued_once_per_DPO_and_day_and_only_when_something_is_due()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        var today = DateOnly.FromDateTime(Now);
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            (await PrivacyHousekeeping.QueueDigestsAsync(db, today, Now, default)).ShouldBe(0);
            var overdue = RightsRequest.Receive(RightsRequestKind.Erasure, Now.AddDays(-40), world.Bob);
            db.RightsRequests.Add(overdue);
            await db.SaveChangesAsync();
            (await PrivacyHousekeeping.QueueDigestsAsync(db, today, Now, default)).ShouldBe(1);
            (await PrivacyHousekeeping.QueueDigestsAsync(db, today, Now, default)).ShouldBe(0);
            (await PrivacyHousekeeping.QueueDigestsAsync(db, today.AddDays(1), Now.AddDays(1), default)).ShouldBe(1);
        }

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.PrivacyNotices.Where(n => n.Kind == PrivacyNoticeKind.DeadlineDigest).Select(n => n.RecipientEmail).ToListAsync()).ShouldBe([world.DpoEmail, world.DpoEmail]);
    }

    [Fact]
    public async Task A_restricted_person_drops_out_of_the_colleague_finder_until_the_restriction_is_lifted()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid restriction, group;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            group = await db.UserGroups.Select(g => g.Id).SingleAsync();
            db.UserGroupMembers.Add(new UserGroupMember { UserGroupId = group, EmployeeId = world.Bob });
            var request = RightsRequest.Receive(RightsRequestKind.Objection, Now, world.Zoe);
            db.RightsRequests.Add(request);
            await db.SaveChangesAsync();
            restriction = request.Id;
        }

        var admin = (await ServiceCaller.ResolveAsync(Factory, world.AdminEmail, tenantSlug: world.Slug)).Principal!;
        async Task<List<string>> ColleaguesOfBobAsync()
        {
            await using var scope = ServiceCaller.As(Factory, admin);
            var view = await scope.ServiceProvider.GetRequiredService<ColleagueFinderService>().FindAsync(world.Bob, DateOnly.FromDateTime(Now));
            return view!.Groups.SelectMany(g => g.Colleagues).Select(c => c.Name).ToList();
        }

        (await ColleaguesOfBobAsync()).ShouldBe(["Zoé Lambert"]);
        await using (var scope = ServiceCaller.As(Factory, await DpoAsync(world)))
        {
            (await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().RestrictAsync(restriction, true)).Succeeded.ShouldBeTrue();
        }

        (await ColleaguesOfBobAsync()).ShouldBeEmpty();
        await using (var scope = ServiceCaller.As(Factory, await DpoAsync(world)))
        {
            (await scope.ServiceProvider.GetRequiredService<SubjectRightsService>().RestrictAsync(restriction, false)).Succeeded.ShouldBeTrue();
        }

        (await ColleaguesOfBobAsync()).ShouldBe(["Zoé Lambert"]);
    }

    [Fact]
    public async Task Rectification_corrects_with_the_editors_rules_keeps_before_and_after_and_tells_the_subject()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid request;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var rectification = RightsRequest.Receive(RightsRequestKind.Rectification, Now, world.Zoe);
            db.RightsRequests.Add(rectification);
            await db.SaveChangesAsync();
            request = rectification.Id;
        }

        await using var scope = ServiceCaller.As(Factory, await DpoAsync(world));
        var rights = scope.ServiceProvider.GetRequiredService<SubjectRightsService>();
        var form = (await rights.CurrentAsync(request))!;
        form.LastName = "Lambert-Roy";
        form.Phone = "not a phone";
        (await rights.RectifyAsync(request, form)).Errors.Single().MessageKey.ShouldBe("People.InvalidPhone");
        form.Phone = "06 11 22 33 44";
        form.Email = $"bob@{world.Slug}.test";
        (await rights.RectifyAsync(request, form)).Errors.Single().MessageKey.ShouldBe("People.EmailTaken");
        form.Email = PrivacyWorld.ZoeEmail;
        (await rights.RectifyAsync(request, form)).Succeeded.ShouldBeTrue();

        await using var check = Factory.OpenForTenant(world.Tenant);
        var zoe = await check.Employees.SingleAsync(e => e.Id == world.Zoe);
        (zoe.LastName, zoe.Phone).ShouldBe(("Lambert-Roy", "+33611223344"));
        var stored = System.Text.Json.JsonDocument.Parse((await check.RightsRequests.SingleAsync(r => r.Id == request)).Rectification!).RootElement;
        stored.GetProperty("LastName").GetProperty("before").GetString().ShouldBe("Lambert");
        stored.GetProperty("Phone").GetProperty("after").GetString().ShouldBe("+33611223344");
        (await check.PrivacyNotices.SingleAsync(n => n.RequestId == request)).Kind.ShouldBe(PrivacyNoticeKind.Rectified);
        var audit = await check.AuditEntries.Where(a => a.EntityType == nameof(Employee) && a.EntityId == world.Zoe.ToString()).OrderBy(a => a.Sequence).LastAsync();
        audit.Changes.ShouldContain("\"LastName\"");
        audit.Changes.ShouldNotContain("Lambert-Roy");
    }
}
