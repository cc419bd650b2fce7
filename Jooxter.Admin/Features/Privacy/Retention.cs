using System.Text.Json;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Features.Privacy;

/// <summary>
/// Deletes what a customer's retention periods say has been kept long enough: past reservations (their guests and
/// notices with them), delivered notices, import records and old audit entries. Each run can be previewed (counts per
/// table, nothing deleted) and each real run is written to the purge log. Indoor positions are not here: the data layer
/// hides them after 30 minutes and the location job deletes them, whatever a customer sets.
/// </summary>
public static partial class Retention
{
    public const string RetentionKind = "retention";
    public const string ArchiveKind = "archive";

    /// <summary>What a run at this time would delete for this customer (run inside the customer's context).</summary>
    public static async Task<IReadOnlyList<PurgeLine>> PlanAsync(AdminDbContext db, Tenant tenant, DateTime nowUtc, CancellationToken ct)
    {
        var (reservations, notices, imports, audit) = Cutoffs(tenant, nowUtc);
        var old = Purgeable(db, reservations, nowUtc);
        var lines = new List<PurgeLine>
        {
            new(nameof(Features.Reservations.Reservation), await old.CountAsync(ct), reservations),
            new(nameof(Features.Reservations.ReservationGuest), await db.ReservationGuests.CountAsync(g => old.Any(r => r.Id == g.ReservationId), ct), reservations),
            new(nameof(Features.Places.ReservationNotice), await db.ReservationNotices.CountAsync(n => (n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices) || old.Any(r => r.Id == n.ReservationId), ct), notices),
            new(nameof(WelcomeNotification), await db.WelcomeNotifications.CountAsync(n => n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices, ct), notices),
            new(nameof(PrivacyNotice), await db.PrivacyNotices.CountAsync(n => n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices, ct), notices),
            new(nameof(EmployeeImport), await db.EmployeeImports.CountAsync(i => i.ImportedAtUtc < imports, ct), imports),
            new(nameof(AuditEntry), await db.AuditEntries.CountAsync(a => a.OccurredAtUtc < audit, ct), audit),
        };
        return lines;
    }

    /// <summary>Bookings past their period, except those of people whose bookings an erasure exception holds (a dispute) until its review date.</summary>
    private static IQueryable<Features.Reservations.Reservation> Purgeable(AdminDbContext db, DateTime cutoff, DateTime nowUtc)
    {
        var today = DateOnly.FromDateTime(nowUtc);
        var held = db.ErasureExceptions.Where(e => e.Entity == nameof(Features.Reservations.Reservation) && e.ReviewOn >= today)
            .Join(db.RightsRequests, e => e.RequestId, r => r.Id, (e, r) => r.SubjectEmployeeId);
        return db.Reservations.Where(r => r.EndsAtUtc < cutoff && !held.Contains((Guid?)r.HolderId) && (r.BeneficiaryId == null || !held.Contains(r.BeneficiaryId)));
    }

    private static (DateTime Reservations, DateTime Notices, DateTime Imports, DateTime Audit) Cutoffs(Tenant tenant, DateTime nowUtc) => (
        nowUtc.AddMonths(-Math.Max(1, tenant.ReservationRetentionMonths)),
        nowUtc.AddMonths(-Math.Max(1, tenant.NoticeRetentionMonths)),
        nowUtc.AddMonths(-Math.Max(1, tenant.ImportRetentionMonths)),
        nowUtc.AddMonths(-Math.Max(12, tenant.AuditRetentionMonths)));

    /// <summary>Deletes what <see cref="PlanAsync"/> lists, in one transaction, and logs it; returns the log line (null when nothing was due).</summary>
    public static async Task<PurgeRecord?> PurgeAsync(AdminDbContext db, Tenant tenant, DateTime nowUtc, ILogger logger, CancellationToken ct)
    {
        var (reservations, notices, imports, audit) = Cutoffs(tenant, nowUtc);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var lines = new List<PurgeLine>();
        var old = Purgeable(db, reservations, nowUtc).Select(r => r.Id);
        // Dependants first: notices and guests of the old bookings, then the bookings.
        lines.Add(new(nameof(Features.Places.ReservationNotice), await db.ReservationNotices.Where(n => (n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices) || old.Contains(n.ReservationId)).ExecuteDeleteAsync(ct), notices));
        lines.Add(new(nameof(Features.Reservations.ReservationGuest), await db.ReservationGuests.Where(g => old.Contains(g.ReservationId)).ExecuteDeleteAsync(ct), reservations));
        lines.Add(new(nameof(Features.Reservations.Reservation), await Purgeable(db, reservations, nowUtc).ExecuteDeleteAsync(ct), reservations));
        lines.Add(new(nameof(WelcomeNotification), await db.WelcomeNotifications.Where(n => n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices).ExecuteDeleteAsync(ct), notices));
        lines.Add(new(nameof(PrivacyNotice), await db.PrivacyNotices.Where(n => n.Status != NotificationStatus.Pending && n.QueuedAtUtc < notices).ExecuteDeleteAsync(ct), notices));
        var oldImports = db.EmployeeImports.Where(i => i.ImportedAtUtc < imports).Select(i => i.Id);
        await db.WelcomeNotifications.Where(n => n.ImportId != null && oldImports.Contains(n.ImportId.Value)).ExecuteUpdateAsync(s => s.SetProperty(n => n.ImportId, (Guid?)null), ct);
        lines.Add(new(nameof(EmployeeImport), await db.EmployeeImports.Where(i => i.ImportedAtUtc < imports).ExecuteDeleteAsync(ct), imports));
        lines.Add(new(nameof(AuditEntry), await PruneAuditAsync(db, tenant.Id, audit, logger, ct), audit));

        var total = lines.Sum(l => l.Rows);
        if (total == 0)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }

        var record = new PurgeRecord { TenantId = tenant.Id, TenantName = tenant.Name, RanAtUtc = nowUtc, Kind = RetentionKind, Lines = JsonSerializer.Serialize(lines.Where(l => l.Rows > 0)), TotalRows = total };
        db.PurgeRecords.Add(record);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return record;
    }

    /// <summary>
    /// Deletes the oldest audit entries up to the last one written before the cutoff, and moves the chain's pruning
    /// anchor to it, signed with the audit key, so that verification starts from the first entry kept and still
    /// detects any other gap. The stretch is verified first (anchor, links, keyed hashes, which cover each entry's
    /// time): a broken stretch is evidence, so it is kept, nothing of the trail is deleted, and the fault is logged.
    /// Without that check, backdating the newest entry's time in the table would have retention delete the whole
    /// trail and sign an anchor for it.
    /// </summary>
    private static async Task<int> PruneAuditAsync(AdminDbContext db, Guid tenantId, DateTime cutoff, ILogger logger, CancellationToken ct)
    {
        var last = await db.AuditEntries.Where(a => a.OccurredAtUtc < cutoff).OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(ct);
        if (last is null)
        {
            return 0;
        }

        if (await AuditVerifier.VerifyStretchAsync(db, tenantId, last.Sequence, ct) is { } broken)
        {
            LogAuditHeld(logger, tenantId, broken.BrokenAtSequence, broken.Problem);
            return 0;
        }

        var signature = AuditChainHead.SignAnchor(AuditKey.Of(db), tenantId, last.Sequence, last.Hash);
        var deleted = await db.AuditEntries.Where(a => a.Sequence <= last.Sequence).ExecuteDeleteAsync(ct);
        await db.AuditChainHeads.Where(h => h.TenantId == tenantId).ExecuteUpdateAsync(s => s.SetProperty(h => h.PrunedThrough, last.Sequence).SetProperty(h => h.PrunedHash, last.Hash).SetProperty(h => h.PrunedSignature, signature), ct);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entries of customer {TenantId} were not pruned: the chain is broken at entry {Sequence} ({Problem}), and they are kept as evidence")]
    private static partial void LogAuditHeld(ILogger logger, Guid tenantId, long? sequence, string? problem);

    /// <summary>
    /// Every table holding a customer's rows, dependants before what they depend on, so that deleting in this order
    /// never breaks a foreign key: the order of an archive deletion.
    /// </summary>
    public static IReadOnlyList<IEntityType> CustomerTablesInDeletionOrder(IModel model)
    {
        var types = model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && !t.IsOwned()).ToList();
        var ordered = new List<IEntityType>();
        var done = new HashSet<IEntityType>();
        void Visit(IEntityType type, HashSet<IEntityType> path)
        {
            if (done.Contains(type) || !path.Add(type))
            {
                return;
            }

            // Whatever points at this table goes first.
            foreach (var dependant in types.Where(t => t != type && t.GetForeignKeys().Any(f => f.PrincipalEntityType == type)))
            {
                Visit(dependant, path);
            }

            path.Remove(type);
            if (done.Add(type))
            {
                ordered.Add(type);
            }
        }

        foreach (var type in types.OrderBy(t => t.ClrType.Name, StringComparer.Ordinal))
        {
            Visit(type, []);
        }

        return ordered;
    }

    /// <summary>
    /// Whether a customer's data is to go now: its status says the contract ended (an operator's decision, not a date
    /// typed once: a customer still active or suspended is never deleted, whatever its end date), and that end is 12
    /// months past.
    /// </summary>
    public static bool IsArchiveDue(Tenant tenant, DateOnly today) =>
        !tenant.IsOperator && tenant.Status == TenantStatus.Ended && tenant.ArchiveDeletionOn is { } due && due <= today;

    /// <summary>Rows of each table of the customer: the dry-run of an archive deletion.</summary>
    public static async Task<IReadOnlyList<PurgeLine>> ArchivePlanAsync(AdminDbContext platform, Guid tenantId, CancellationToken ct)
    {
        var lines = new List<PurgeLine>();
        foreach (var type in CustomerTablesInDeletionOrder(platform.Model))
        {
            var count = await (Task<int>)CountMethod.MakeGenericMethod(type.ClrType).Invoke(null, [platform, tenantId, ct])!;
            if (count > 0)
            {
                lines.Add(new PurgeLine(type.ClrType.Name, count, null));
            }
        }

        return lines;
    }

    /// <summary>
    /// Deletes every row of a customer whose contract ended 12 months ago or more, the customer itself included, in one
    /// transaction, and logs it in the purge log (which holds no customer row and so outlives it).
    /// </summary>
    public static async Task<PurgeRecord?> DeleteArchiveAsync(AdminDbContext platform, Guid tenantId, DateTime nowUtc, CancellationToken ct)
    {
        var tenant = await platform.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null || !IsArchiveDue(tenant, DateOnly.FromDateTime(nowUtc)))
        {
            return null;
        }

        await using var transaction = await platform.Database.BeginTransactionAsync(ct);
        var lines = new List<PurgeLine>();
        foreach (var type in CustomerTablesInDeletionOrder(platform.Model))
        {
            var count = await (Task<int>)DeleteMethod.MakeGenericMethod(type.ClrType).Invoke(null, [platform, tenantId, ct])!;
            if (count > 0)
            {
                lines.Add(new PurgeLine(type.ClrType.Name, count, null));
            }
        }

        lines.Add(new PurgeLine(nameof(AuditChainHead), await platform.AuditChainHeads.Where(h => h.TenantId == tenantId).ExecuteDeleteAsync(ct), null));
        lines.Add(new PurgeLine(nameof(Tenant), await platform.Tenants.Where(t => t.Id == tenantId).ExecuteDeleteAsync(ct), null));
        var record = new PurgeRecord { TenantId = tenantId, TenantName = tenant.Name, RanAtUtc = nowUtc, Kind = ArchiveKind, Lines = JsonSerializer.Serialize(lines.Where(l => l.Rows > 0)), TotalRows = lines.Sum(l => l.Rows) };
        platform.PurgeRecords.Add(record);
        await platform.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return record;
    }

    private static readonly System.Reflection.MethodInfo CountMethod = typeof(Retention).GetMethod(nameof(CountOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
    private static readonly System.Reflection.MethodInfo DeleteMethod = typeof(Retention).GetMethod(nameof(DeleteOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static Task<int> CountOfAsync<T>(AdminDbContext db, Guid tenantId, CancellationToken ct)
        where T : class =>
        db.Set<T>().IgnoreQueryFilters().CountAsync(e => EF.Property<Guid>(e, nameof(ITenantOwned.TenantId)) == tenantId, ct);

    private static Task<int> DeleteOfAsync<T>(AdminDbContext db, Guid tenantId, CancellationToken ct)
        where T : class =>
        db.Set<T>().IgnoreQueryFilters().Where(e => EF.Property<Guid>(e, nameof(ITenantOwned.TenantId)) == tenantId).ExecuteDeleteAsync(ct);
}
