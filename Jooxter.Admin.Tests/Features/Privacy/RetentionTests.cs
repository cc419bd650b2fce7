using Jooxter.Admin.Features.Privacy;
using Jooxter.Admin.Features.Reservations;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jooxter.Admin.Tests.Features.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class RetentionTests(PrivacyApp app)
{
    private AdminAppFactory Factory => app.App;

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Past_bookings_older_than_the_customers_period_go_with_their_guests_previewed_first_and_logged()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        Guid old, recent;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            var a = new Reservation { SpaceId = world.Space, HolderId = world.Bob, StartsAtUtc = Now.AddMonths(-25), EndsAtUtc = Now.AddMonths(-25).AddHours(1), CreatedAtUtc = Now.AddMonths(-26) };
            var b = new Reservation { SpaceId = world.Space, HolderId = world.Bob, StartsAtUtc = Now.AddMonths(-23), EndsAtUtc = Now.AddMonths(-23).AddHours(1), CreatedAtUtc = Now.AddMonths(-24) };
            db.Reservations.AddRange(a, b);
            db.ReservationGuests.Add(new ReservationGuest { ReservationId = a.Id, Name = "Old Guest", Email = "old.guest@elsewhere.test" });
            await db.SaveChangesAsync();
            (old, recent) = (a.Id, b.Id);
        }

        var dpo = (await ServiceCaller.ResolveAsync(Factory, world.DpoEmail, tenantSlug: world.Slug)).Principal!;
        await using var scope = ServiceCaller.As(Factory, dpo);
        var retention = scope.ServiceProvider.GetRequiredService<RetentionService>();
        var preview = await retention.PreviewAsync();
        preview.Single(l => l.Table == nameof(Reservation)).Rows.ShouldBe(1);
        preview.Single(l => l.Table == nameof(ReservationGuest)).Rows.ShouldBe(1);
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            (await db.Reservations.AnyAsync(r => r.Id == old)).ShouldBeTrue("a preview deletes nothing");
        }

        var record = (await retention.PurgeNowAsync())!;
        record.Kind.ShouldBe(Retention.RetentionKind);
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            (await db.Reservations.AnyAsync(r => r.Id == old)).ShouldBeFalse();
            (await db.Reservations.AnyAsync(r => r.Id == recent)).ShouldBeTrue();
            (await db.ReservationGuests.AnyAsync(g => g.Email == "old.guest@elsewhere.test")).ShouldBeFalse();
        }

        var log = await retention.LogAsync();
        log.Single().Lines.ShouldContain(new PurgeLine(nameof(Reservation), 1, Now.AddMonths(-24)));
        (await retention.PurgeNowAsync()).ShouldBeNull("nothing is due any more");
    }

    [Fact]
    public async Task Pruned_audit_entries_leave_a_chain_that_still_verifies_and_still_catches_tampering()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        await using (var platform = Factory.OpenSystemDb())
        {
            (await platform.Tenants.SingleAsync(t => t.Id == world.Tenant)).AuditRetentionMonths = 12;
            await platform.SaveChangesAsync();
        }

        // The world is written now; an hour later a change is made; the purge runs as if a year had passed since
        // half an hour after the world was written (the clock is not moved a year: every periodic job would catch up).
        app.Clock.Advance(TimeSpan.FromHours(1));
        var purgeAt = Now.AddMinutes(-30).AddMonths(12);
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            (await db.UserGroups.SingleAsync()).Description = "Renamed after the reorganisation";
            await db.SaveChangesAsync();
            var tenant = await db.Tenants.AsNoTracking().SingleAsync();
            var record = (await Retention.PurgeAsync(db, tenant, purgeAt, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, default))!;
            record.TotalRows.ShouldBeGreaterThan(10);
        }

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.AuditEntries.CountAsync()).ShouldBe(1);
        var verification = await AuditVerifier.VerifyAsync(check, world.Tenant);
        verification.ShouldBe(AuditVerification.Intact(1));

        // Tampering with the entry kept is still caught.
        await check.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Changes, "{}"));
        (await AuditVerifier.VerifyAsync(check, world.Tenant)).Problem.ShouldBe("content");
    }

    [Fact]
    public async Task Retention_does_not_prune_a_trail_whose_entries_were_backdated_and_keeps_it_as_evidence()
    {
        var world = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        int entries;
        long newest;
        await using (var db = Factory.OpenForTenant(world.Tenant))
        {
            entries = await db.AuditEntries.CountAsync();
            newest = await db.AuditEntries.MaxAsync(a => a.Sequence);
            // As someone who can write the table but lacks the key: make the newest entry look older than any retention
            // period, so that retention would delete the whole trail and sign an anchor past it.
            await db.AuditEntries.Where(a => a.Sequence == newest).ExecuteUpdateAsync(s => s.SetProperty(a => a.OccurredAtUtc, Now.AddYears(-20)));
            var tenant = await db.Tenants.AsNoTracking().SingleAsync();
            await Retention.PurgeAsync(db, tenant, Now, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, default);
        }

        await using var check = Factory.OpenForTenant(world.Tenant);
        (await check.AuditEntries.CountAsync()).ShouldBe(entries);
        (await check.AuditChainHeads.IgnoreQueryFilters().SingleAsync(h => h.TenantId == world.Tenant)).PrunedThrough.ShouldBe(0);
        var verification = await AuditVerifier.VerifyAsync(check, world.Tenant);
        verification.Problem.ShouldBe("content");
        verification.BrokenAtSequence.ShouldBe(newest);
    }

    [Fact]
    public async Task A_customer_is_deleted_whole_twelve_months_after_its_contract_ended_and_the_purge_log_outlives_it()
    {
        var ended = await PrivacyWorld.CreateAsync(Factory, Now);
        var other = await PrivacyWorld.CreateAsync(Factory, Now, fully: false);
        await using (var platform = Factory.OpenSystemDb())
        {
            var tenant = await platform.Tenants.SingleAsync(t => t.Id == ended.Tenant);
            tenant.ContractEnd = DateOnly.FromDateTime(Now).AddMonths(-12).AddDays(10);
            tenant.Status = TenantStatus.Ended;
            // A customer still active, whose end date was typed long ago (a renewal nobody recorded), is never deleted.
            var active = await platform.Tenants.SingleAsync(t => t.Id == other.Tenant);
            active.ContractEnd = DateOnly.FromDateTime(Now).AddMonths(-24);
            await platform.SaveChangesAsync();
        }

        var operatorUser = (await ServiceCaller.ResolveAsync(Factory, Jooxter.Admin.Infrastructure.Demo.DemoPersonas.Operator.Email)).Principal!;
        await using (var scope = ServiceCaller.As(Factory, operatorUser))
        {
            var upcoming = (await scope.ServiceProvider.GetRequiredService<RetentionService>().UpcomingArchivesAsync()).Single(a => a.TenantId == ended.Tenant);
            upcoming.DeletionOn.ShouldBe(DateOnly.FromDateTime(Now).AddDays(10));
            upcoming.Plan.Single(p => p.Table == nameof(Reservation)).Rows.ShouldBe(3);
        }

        var housekeeping = Factory.Services.CreateScope().ServiceProvider.GetRequiredService<PrivacyHousekeeping>();
        (await housekeeping.RunAsync(Now)).Archives.ShouldBe(0, "ten days early");
        (await housekeeping.RunAsync(Now.AddDays(10))).Archives.ShouldBe(1);

        var leftovers = await SubjectRightsTests.CellsContainingAsync(Factory.DatabasePath, ended.Tenant, [ended.Tenant.ToString().ToUpperInvariant(), ended.Slug]);
        leftovers.ShouldBe(["PurgeRecords.TenantId (" + ended.Tenant.ToString().ToUpperInvariant() + ")", "PurgeRecords.TenantName (" + ended.Slug + ")"]);
        await using var platformCheck = Factory.OpenSystemDb();
        (await platformCheck.Tenants.AnyAsync(t => t.Id == ended.Tenant)).ShouldBeFalse();
        (await platformCheck.Employees.IgnoreQueryFilters().AnyAsync(e => e.TenantId == ended.Tenant)).ShouldBeFalse();
        (await platformCheck.Employees.AnyAsync(e => e.TenantId == other.Tenant)).ShouldBeTrue();
        var log = await platformCheck.PurgeRecords.SingleAsync(p => p.TenantId == ended.Tenant);
        (log.Kind, log.TenantName).ShouldBe((Retention.ArchiveKind, ended.Slug));
    }
}
