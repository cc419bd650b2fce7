using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Reservations.Notices;

/// <summary>One queued notice as an administrator sees it; the recipient and the error (which may name an address) only for those who may see people.</summary>
public sealed record OutboxRow(Guid Id, ReservationNoticeKind Kind, string Space, DateTime StartsAtUtc, string? Recipient, NotificationStatus Status, int Attempts, string? LastError, DateTime QueuedAtUtc, DateTime? SentAtUtc);

/// <summary>The notices outbox of the caller's customer: pending, sent and failed, with a retry for the failed.</summary>
public sealed class OutboxService(AdminDatabase database, CurrentUser currentUser, IOptions<MailSettings> mail)
{
    public bool IsConfigured => mail.Value.IsConfigured;

    public async Task<PagedResult<OutboxRow>> ListAsync(NotificationStatus? status, int page = 0, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageSettings);
        var showPeople = user.Can(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        var query = db.ReservationNotices.AsNoTracking().AsQueryable();
        if (status is { } s)
        {
            query = query.Where(n => n.Status == s);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.QueuedAtUtc).Skip(page * 50).Take(50)
            .Join(db.Reservations, n => n.ReservationId, r => r.Id, (n, r) => new
            {
                n.Id, n.Kind, n.Status, n.Attempts, n.LastError, n.QueuedAtUtc, n.SentAtUtc, r.StartsAtUtc,
                Space = db.Spaces.Where(x => x.Id == r.SpaceId).Select(x => x.Name).First(),
                Recipient = n.GuestId != null
                    ? db.ReservationGuests.Where(g => g.Id == n.GuestId).Select(g => g.Name + " <" + g.Email + ">").First()
                    : db.Employees.Where(e => e.Id == (n.RecipientId ?? r.BeneficiaryId ?? r.HolderId)).Select(e => e.FirstName + " " + e.LastName + " <" + e.Email + ">").First(),
            })
            .ToListAsync(ct);
        return new PagedResult<OutboxRow>(
            rows.Select(r => new OutboxRow(r.Id, r.Kind, r.Space, r.StartsAtUtc, showPeople ? r.Recipient : null, r.Status, r.Attempts, showPeople ? r.LastError : null, r.QueuedAtUtc, r.SentAtUtc)).ToList(),
            total);
    }

    /// <summary>Puts a failed notice back in the queue, to be sent at the next round.</summary>
    public async Task<OperationResult> RetryAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        var notice = await db.ReservationNotices.SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null)
        {
            return OperationResult.NotFound();
        }

        if (notice.Status != NotificationStatus.Failed)
        {
            return OperationResult.Fail("", "Outbox.NotFailed");
        }

        notice.Status = NotificationStatus.Pending;
        notice.Attempts = 0;
        notice.NextAttemptAtUtc = null;
        notice.ClaimedUntilUtc = null;
        notice.LastError = null;
        return await Concurrency.SaveAsync(db, ct);
    }
}
