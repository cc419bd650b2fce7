using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Shared;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Reservations.Notices;

/// <summary>
/// Delivers the queued reservation notices and welcome messages over SMTP. Each notice is claimed first (a short lease through its
/// concurrency stamp, so that two console instances never send the same one), sent, then marked sent. A failure leaves
/// it pending with a back-off (30 s, doubling, at most an hour); an address the server refuses for good, or a notice
/// that failed <see cref="MailSettings.MaxAttempts"/> times, ends as failed with its last error for administrators.
/// When the server is down nothing is lost: notices wait in the database and go once it is back.
/// </summary>
public sealed partial class NoticeSender(AdminDatabase database, NoticeComposer composer, IOptions<MailSettings> options, ILogger<NoticeSender> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public sealed record Outcome(int Sent, int Failed, int Deferred);

    /// <summary>Sends every notice due, in batches of 100 (at most 2,000 a round; the next round takes the rest).</summary>
    public async Task<Outcome> SendDueAsync(DateTime nowUtc, CancellationToken ct = default)
    {
        var total = new Outcome(0, 0, 0);
        for (var batch = 0; batch < 20; batch++)
        {
            var (outcome, full) = await SendBatchAsync(nowUtc, ct);
            total = new Outcome(total.Sent + outcome.Sent, total.Failed + outcome.Failed, total.Deferred + outcome.Deferred);
            if (!full || outcome.Sent + outcome.Failed == 0)
            {
                break;
            }
        }

        return total;
    }

    private async Task<(Outcome Outcome, bool Full)> SendBatchAsync(DateTime nowUtc, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return (new Outcome(0, 0, 0), false);
        }

        // Reservation notices and welcome messages, oldest first, each kind read with its own indexed query.
        List<(Guid Id, Guid TenantId, DateTime Queued, Box Box)> due;
        await using (var system = database.OpenSystem("system:notices"))
        {
            var notices = await system.ReservationNotices.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAtUtc == null || n.NextAttemptAtUtc <= nowUtc) && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < nowUtc))
                .OrderBy(n => n.QueuedAtUtc).Take(Batch).Select(n => new { n.Id, n.TenantId, n.QueuedAtUtc }).ToListAsync(ct);
            var welcomes = await system.WelcomeNotifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAtUtc == null || n.NextAttemptAtUtc <= nowUtc) && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < nowUtc))
                .OrderBy(n => n.QueuedAtUtc).Take(Batch).Select(n => new { n.Id, n.TenantId, n.QueuedAtUtc }).ToListAsync(ct);
            var privacy = await system.PrivacyNotices.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAtUtc == null || n.NextAttemptAtUtc <= nowUtc) && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < nowUtc))
                .OrderBy(n => n.QueuedAtUtc).Take(Batch).Select(n => new { n.Id, n.TenantId, n.QueuedAtUtc }).ToListAsync(ct);
            due = notices.Select(n => (n.Id, n.TenantId, n.QueuedAtUtc, Box.Reservation))
                .Concat(welcomes.Select(n => (n.Id, n.TenantId, n.QueuedAtUtc, Box.Welcome)))
                .Concat(privacy.Select(n => (n.Id, n.TenantId, n.QueuedAtUtc, Box.Privacy)))
                .OrderBy(n => n.Item3).Take(Batch).ToList();
        }

        if (due.Count == 0)
        {
            return (new Outcome(0, 0, 0), false);
        }

        int sent = 0, failed = 0, deferred = 0;
        using var smtp = new SmtpClient { Timeout = 30_000 };
        Exception? unreachable = null;
        try
        {
            await smtp.ConnectAsync(settings.Host!, settings.Port, Enum.Parse<SecureSocketOptions>(settings.Security, ignoreCase: true), ct);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException or IOException or SmtpProtocolException or SmtpCommandException or AuthenticationException or SslHandshakeException)
        {
            unreachable = error;
            LogUnreachable(logger, settings.Host!, settings.Port, error.GetType().Name);
        }

        foreach (var (id, tenantId, _, box) in due)
        {
            await using var db = database.OpenForTenant(tenantId, null, "system:notices");
            IOutboxMessage? message = box switch
            {
                Box.Welcome => await db.WelcomeNotifications.SingleOrDefaultAsync(n => n.Id == id && n.Status == NotificationStatus.Pending, ct),
                Box.Privacy => await db.PrivacyNotices.SingleOrDefaultAsync(n => n.Id == id && n.Status == NotificationStatus.Pending, ct),
                _ => await db.ReservationNotices.SingleOrDefaultAsync(n => n.Id == id && n.Status == NotificationStatus.Pending, ct),
            };
            if (message is null || (message.ClaimedUntilUtc is { } until && until >= nowUtc))
            {
                continue;
            }

            if (unreachable is not null)
            {
                // The server is down: the message keeps waiting, with a back-off, and is not counted against the address.
                message.NextAttemptAtUtc = nowUtc + Backoff(message.Attempts);
                message.LastError = Truncate($"{unreachable.GetType().Name}: {unreachable.Message}");
                await TrySaveAsync(db, ct);
                deferred++;
                continue;
            }

            // The claim: a lease saved through the row's concurrency stamp; another sender that read it too loses here.
            message.ClaimedUntilUtc = nowUtc + Lease;
            if (!await TrySaveAsync(db, ct))
            {
                continue;
            }

            var content = message switch
            {
                WelcomeNotification w => await composer.ComposeWelcomeAsync(db, w, ct),
                ReservationNotice n => await composer.ComposeAsync(db, n, settings, ct),
                Privacy.PrivacyNotice p => await composer.ComposePrivacyAsync(db, p, nowUtc, ct),
                _ => null,
            };
            message.Attempts++;
            message.ClaimedUntilUtc = null;
            if (content is null)
            {
                message.Status = NotificationStatus.Failed;
                message.LastError = "Not sent: the reservation or its recipient no longer exists, or the recipient restricted processing of their data.";
                failed++;
            }
            else
            {
                try
                {
                    await smtp.SendAsync(NoticeComposer.ToMessage(content, settings, message.Id), ct);
                    message.Status = NotificationStatus.Sent;
                    message.SentAtUtc = nowUtc;
                    message.LastError = null;
                    sent++;
                }
                catch (SmtpCommandException error) when (error.StatusCode is >= (SmtpStatusCode)500 && error.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                {
                    message.Status = NotificationStatus.Failed;
                    message.LastError = Truncate(error.Message);
                    failed++;
                }
                catch (Exception error) when (error is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException)
                {
                    message.LastError = Truncate($"{error.GetType().Name}: {error.Message}");
                    if (message.Attempts >= settings.MaxAttempts)
                    {
                        message.Status = NotificationStatus.Failed;
                        failed++;
                    }
                    else
                    {
                        message.NextAttemptAtUtc = nowUtc + Backoff(message.Attempts);
                        deferred++;
                    }
                }
            }

            await TrySaveAsync(db, ct);
        }

        if (smtp.IsConnected)
        {
            await smtp.DisconnectAsync(quit: true, ct);
        }

        return (new Outcome(sent, failed, deferred), due.Count == Batch);
    }

    private const int Batch = 100;

    private enum Box
    {
        Reservation,
        Welcome,
        Privacy,
    }

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    private static string Truncate(string value) => value.Length > 500 ? value[..500] : value;

    private static async Task<bool> TrySaveAsync(AdminDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server {Host}:{Port} unreachable ({Error}); notices stay queued")]
    private static partial void LogUnreachable(ILogger logger, string host, int port, string error);
}

/// <summary>Runs the sender on the server's clock; without <c>Mail:Host</c> it does nothing and notices wait.</summary>
public sealed class NoticeSendJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MailSettings> options, ILogger<NoticeSendJob> logger) : Shared.PeriodicJob(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));

    protected override Task RunOnceAsync(IServiceProvider services, DateTime nowUtc, CancellationToken ct) =>
        services.GetRequiredService<NoticeSender>().SendDueAsync(nowUtc, ct);
}
