using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy;

/// <summary>
/// The privacy policy's clocks, run on the server's: once a day per customer, the DPOs' list of requests due this
/// week or overdue (one e-mail per DPO per day, whichever instance writes it first), the retention purge, and the
/// deletion of customers whose contract ended 12 months ago.
/// </summary>
public sealed partial class PrivacyHousekeeping(AdminDatabase database, ILogger<PrivacyHousekeeping> logger)
{
    public sealed record Outcome(int Digests, int Purges, int Archives);

    public async Task<Outcome> RunAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        List<Tenant> tenants;
        await using (var platform = database.OpenSystem("system:privacy"))
        {
            tenants = await platform.Tenants.AsNoTracking().ToListAsync(ct);
        }

        int digests = 0, purges = 0, archives = 0;
        await using (var platform = database.OpenSystem("system:privacy"))
        {
            // Refused sign-ins name whoever tried: kept 12 months, as the record of processing says.
            var refused = await platform.AccessDenials.Where(a => a.OccurredAtUtc < nowUtc.AddMonths(-AccessDenialMonths)).ExecuteDeleteAsync(ct);
            if (refused > 0)
            {
                LogRefusals(logger, refused);
            }
        }

        foreach (var tenant in tenants)
        {
            if (Retention.IsArchiveDue(tenant, today))
            {
                await using var platform = database.OpenSystem("system:privacy");
                if (await Retention.DeleteArchiveAsync(platform, tenant.Id, nowUtc, ct) is { } record)
                {
                    archives++;
                    LogArchive(logger, tenant.Id, record.TotalRows);
                }

                continue;
            }

            await using var db = database.OpenForTenant(tenant.Id, null, "system:privacy");
            digests += await QueueDigestsAsync(db, today, nowUtc, ct);
            if (await Retention.PurgeAsync(db, tenant, nowUtc, logger, ct) is { } purge)
            {
                purges++;
                LogPurge(logger, tenant.Id, purge.TotalRows);
            }
        }

        return new Outcome(digests, purges, archives);
    }

    /// <summary>One digest per DPO and day when requests are due within a week or overdue; the unique index settles a race between instances.</summary>
    public static async Task<int> QueueDigestsAsync(AdminDbContext db, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        var pressing = await db.RightsRequests.AnyAsync(r => RightsRequest.OpenStatuses.Contains(r.Status)
            && r.PausedSinceUtc == null && r.DueAtUtc < nowUtc.AddDays(7), ct);
        if (!pressing)
        {
            return 0;
        }

        var dpos = await db.Employees.AsNoTracking()
            .Where(e => e.Status == EmployeeStatus.Active && db.RoleAssignments.Any(r => r.EmployeeId == e.Id && r.Role == Role.DataProtectionOfficer))
            .Select(e => new { e.Email, Name = e.FirstName + " " + e.LastName, e.Language }).ToListAsync(ct);
        var queued = 0;
        foreach (var dpo in dpos)
        {
            if (await db.PrivacyNotices.AnyAsync(n => n.Kind == PrivacyNoticeKind.DeadlineDigest && n.DigestDay == today && n.RecipientEmail == dpo.Email, ct))
            {
                continue;
            }

            db.PrivacyNotices.Add(new PrivacyNotice { Kind = PrivacyNoticeKind.DeadlineDigest, DigestDay = today, RecipientEmail = dpo.Email, RecipientName = dpo.Name, Language = dpo.Language, QueuedAtUtc = nowUtc });
            try
            {
                await db.SaveChangesAsync(ct);
                queued++;
            }
            catch (DbUpdateException)
            {
                // Another instance queued it first.
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }

    /// <summary>How long refused sign-ins are kept (the platform's own security record).</summary>
    public const int AccessDenialMonths = 12;

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused sign-ins older than 12 months deleted: {Rows}")]
    private static partial void LogRefusals(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge for customer {TenantId}: {Rows} rows deleted")]
    private static partial void LogPurge(ILogger logger, Guid tenantId, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archive deletion of customer {TenantId}: {Rows} rows deleted, 12 months after its contract ended")]
    private static partial void LogArchive(ILogger logger, Guid tenantId, int rows);
}

/// <summary>
/// Runs the housekeeping every hour on the server's clock; each step is idempotent, so several instances may run it.
/// <c>Privacy:Housekeeping=false</c> leaves it unregistered (the tests run it themselves, on their own clock).
/// </summary>
public sealed class PrivacyHousekeepingJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PrivacyHousekeepingJob> logger) : Shared.PeriodicJob(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct) =>
        services.GetRequiredService<PrivacyHousekeeping>().RunAsync(nowUtc, ct);
}
