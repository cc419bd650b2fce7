using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy;

public sealed record AuditRow(long Sequence, DateTime OccurredAtUtc, string Channel, string? ActorName, AuditAction Action, string EntityType, string EntityId, string Changes);

/// <summary>Reads the tenant's audit trail and verifies its hash chain.</summary>
public sealed class AuditTrailService(AdminDatabase database, CurrentUser currentUser, AuditCheckpointStore checkpoints)
{
    public async Task<PagedResult<AuditRow>> GetPageAsync(int page, int pageSize, string? entityType, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewAudit);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await database.OpenAsync();
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType))
        {
            query = query.Where(a => a.EntityType == entityType);
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(a => a.Sequence)
            .Skip(Math.Max(page, 0) * pageSize)
            .Take(pageSize)
            .GroupJoin(db.Employees, a => a.ActorId, e => e.Id, (a, actors) => new { a, actors })
            .SelectMany(x => x.actors.DefaultIfEmpty(), (x, actor) => new AuditRow(
                x.a.Sequence, x.a.OccurredAtUtc, x.a.Channel, actor == null ? null : actor.FirstName + " " + actor.LastName,
                x.a.Action, x.a.EntityType, x.a.EntityId, x.a.Changes))
            .ToListAsync(ct);
        return new PagedResult<AuditRow>(rows, total);
    }

    public async Task<IReadOnlyList<string>> GetEntityTypesAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewAudit);
        await using var db = await database.OpenAsync();
        return await db.AuditEntries.Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ViewAudit);
        await using var db = await database.OpenAsync();
        var checkpoint = checkpoints.Latest(user.TenantId!.Value);
        var result = await AuditVerifier.VerifyAsync(db, user.TenantId!.Value, ct, checkpoint);
        // An entry appended between reading the head and the entries looks like one beyond the head: read again once.
        return result.Problem == "beyond-head" ? await AuditVerifier.VerifyAsync(db, user.TenantId!.Value, ct, checkpoint) : result;
    }
}
