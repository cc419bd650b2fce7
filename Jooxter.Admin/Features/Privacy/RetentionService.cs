using System.Text.Json;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy;

public sealed class RetentionForm
{
    public int ReservationMonths { get; set; }

    public int NoticeMonths { get; set; }

    public int ImportMonths { get; set; }

    public int AuditMonths { get; set; }

    public bool AdministratorsHandleRequests { get; set; }

    public Guid Version { get; set; }
}

public sealed record PurgeLogRow(DateTime RanAtUtc, string Kind, int TotalRows, IReadOnlyList<PurgeLine> Lines);

public sealed record ArchiveRow(Guid TenantId, string Name, DateOnly ContractEnd, DateOnly DeletionOn, IReadOnlyList<PurgeLine> Plan);

/// <summary>
/// The DPO's view of retention: the customer's periods, a dry-run of the next purge, the purge itself on demand,
/// and the purge log; and the operator's view of customers whose archive deletion is within 30 days.
/// </summary>
public sealed class RetentionService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, ILogger<RetentionService> logger)
{
    public const int MinimumAuditMonths = 12;

    public async Task<RetentionForm> GetAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await RightsRequestService.DemandAsync(currentUser, db, ct);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        return new RetentionForm
        {
            ReservationMonths = tenant.ReservationRetentionMonths,
            NoticeMonths = tenant.NoticeRetentionMonths,
            ImportMonths = tenant.ImportRetentionMonths,
            AuditMonths = tenant.AuditRetentionMonths,
            AdministratorsHandleRequests = tenant.AdministratorsHandleRightsRequests,
            Version = tenant.Version,
        };
    }

    /// <summary>Saves the periods. Only the DPO (not an administrator the DPO lets into the register) changes them.</summary>
    public async Task<OperationResult> SaveAsync(RetentionForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePrivacy);
        var errors = new List<OperationError>();
        if (form.ReservationMonths is < 1 or > 120) errors.Add(new(nameof(form.ReservationMonths), "Privacy.Retention.Range"));
        if (form.NoticeMonths is < 1 or > 120) errors.Add(new(nameof(form.NoticeMonths), "Privacy.Retention.Range"));
        if (form.ImportMonths is < 1 or > 120) errors.Add(new(nameof(form.ImportMonths), "Privacy.Retention.Range"));
        if (form.AuditMonths is < MinimumAuditMonths or > 120) errors.Add(new(nameof(form.AuditMonths), "Privacy.Retention.AuditRange"));
        if (errors.Count > 0)
        {
            return new OperationResult(errors);
        }

        // The customer row is the platform's: written through a platform context, for this customer only.
        await using var platform = database.OpenSystem("console", user.EmployeeId);
        var tenant = await platform.Tenants.SingleAsync(t => t.Id == user.TenantId, ct);
        platform.Entry(tenant).Property(t => t.Version).OriginalValue = form.Version;
        tenant.ReservationRetentionMonths = form.ReservationMonths;
        tenant.NoticeRetentionMonths = form.NoticeMonths;
        tenant.ImportRetentionMonths = form.ImportMonths;
        tenant.AuditRetentionMonths = form.AuditMonths;
        tenant.AdministratorsHandleRightsRequests = form.AdministratorsHandleRequests;
        return await Concurrency.SaveAsync(platform, ct);
    }

    public async Task<IReadOnlyList<PurgeLine>> PreviewAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await RightsRequestService.DemandAsync(currentUser, db, ct);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        return await Retention.PlanAsync(db, tenant, clock.GetUtcNow().UtcDateTime, ct);
    }

    public async Task<PurgeRecord?> PurgeNowAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePrivacy);
        await using var db = await database.OpenAsync();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        return await Retention.PurgeAsync(db, tenant, clock.GetUtcNow().UtcDateTime, logger, ct);
    }

    public async Task<IReadOnlyList<PurgeLogRow>> LogAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await RightsRequestService.DemandAsync(currentUser, db, ct);
        var records = await db.PurgeRecords.AsNoTracking().OrderByDescending(p => p.RanAtUtc).Take(100).ToListAsync(ct);
        return records.Select(r => new PurgeLogRow(r.RanAtUtc, r.Kind, r.TotalRows, JsonSerializer.Deserialize<List<PurgeLine>>(r.Lines) ?? [])).ToList();
    }

    /// <summary>For operators: customers whose data is deleted within 30 days (or overdue), with what would go.</summary>
    public async Task<IReadOnlyList<ArchiveRow>> UpcomingArchivesAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageTenants);
        await using var platform = database.OpenSystem("console", user.EmployeeId);
        var horizon = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30);
        var ending = (await platform.Tenants.AsNoTracking().Where(t => !t.IsOperator && t.ContractEnd != null && t.Status == TenantStatus.Ended).ToListAsync(ct))
            .Where(t => t.ArchiveDeletionOn <= horizon).OrderBy(t => t.ArchiveDeletionOn).ToList();
        var rows = new List<ArchiveRow>();
        foreach (var tenant in ending)
        {
            rows.Add(new ArchiveRow(tenant.Id, tenant.Name, tenant.ContractEnd!.Value, tenant.ArchiveDeletionOn!.Value, await Retention.ArchivePlanAsync(platform, tenant.Id, ct)));
        }

        return rows;
    }
}
