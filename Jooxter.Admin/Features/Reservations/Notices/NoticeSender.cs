using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Reservations.Notices;

/// <summary>
/// Delivers the queued reservation notices over SMTP. Each notice is claimed first (a short lease through its
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

        List<(Guid Id, Guid TenantId)> due;
        await using (var system = database.OpenSystem("system:notices"))
        {
            due = (await system.ReservationNotices.AsNoTracking()
                    .Where(n => n.Status == NotificationStatus.Pending && (n.NextAttemptAtUtc == null || n.NextAttemptAtUtc <= nowUtc) && (n.ClaimedUntilUtc == null || n.ClaimedUntilUtc < nowUtc))
                    .OrderBy(n => n.QueuedAtUtc)
                    .Take(100)
                    .Select(n => new { n.Id, n.TenantId })
                    .ToListAsync(ct))
                .Select(n => (n.Id, n.TenantId)).ToList();
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

        foreach (var (id, tenantId) in due)
        {
            await using var db = database.OpenForTenant(tenantId, null, "system:notices");
            var notice = await db.ReservationNotices.SingleOrDefaultAsync(n => n.Id == id && n.Status == NotificationStatus.Pending, ct);
            if (notice is null || (notice.ClaimedUntilUtc is { } until && until >= nowUtc))
            {
                continue;
            }

            if (unreachable is not null)
            {
                // The server is down: the notice keeps waiting, with a back-off, and is not counted against the address.
                notice.NextAttemptAtUtc = nowUtc + Backoff(notice.Attempts);
                notice.LastError = Truncate($"{unreachable.GetType().Name}: {unreachable.Message}");
                await TrySaveAsync(db, ct);
                deferred++;
                continue;
            }

            notice.ClaimedUntilUtc = nowUtc + Lease;
            if (!await TrySaveAsync(db, ct))
            {
                continue;
            }

            var content = await composer.ComposeAsync(db, notice, settings, ct);
            notice.Attempts++;
            notice.ClaimedUntilUtc = null;
            if (content is null)
            {
                notice.Status = NotificationStatus.Failed;
                notice.LastError = "The reservation or its recipient no longer exists.";
                failed++;
            }
            else
            {
                try
                {
                    await smtp.SendAsync(NoticeComposer.ToMessage(content, settings, notice.Id), ct);
                    notice.Status = NotificationStatus.Sent;
                    notice.SentAtUtc = nowUtc;
                    notice.LastError = null;
                    sent++;
                }
                catch (SmtpCommandException error) when (error.StatusCode is >= (SmtpStatusCode)500 && error.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                {
                    notice.Status = NotificationStatus.Failed;
                    notice.LastError = Truncate(error.Message);
                    failed++;
                }
                catch (Exception error) when (error is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException)
                {
                    notice.LastError = Truncate($"{error.GetType().Name}: {error.Message}");
                    if (notice.Attempts >= settings.MaxAttempts)
                    {
                        notice.Status = NotificationStatus.Failed;
                        failed++;
                    }
                    else
                    {
                        notice.NextAttemptAtUtc = nowUtc + Backoff(notice.Attempts);
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

        return (new Outcome(sent, failed, deferred), due.Count == 100);
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
public sealed class NoticeSendJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MailSettings> options, ILogger<NoticeSendJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<NoticeSender>().SendDueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Sending notices failed; they are tried again at the next interval");
            }
        }
    }
}
