using System.Globalization;
using System.Net;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MimeKit;

namespace Jooxter.Admin.Features.Reservations.Notices;

/// <summary>What a notice says and to whom, read from the database when it is sent (so that it names the space as it is then).</summary>
public sealed record NoticeContent(string To, string ToName, string Language, string Subject, string Text, string Html, string? Calendar, string? CalendarMethod);

/// <summary>
/// Writes a reservation notice as an e-mail in the recipient's language, with HTML and plain-text parts, and an
/// iCalendar attachment so that calendars follow the booking: REQUEST while it stands, CANCEL when it ends, the same
/// UID for every notice of one reservation and a SEQUENCE that grows with each.
/// </summary>
public sealed class NoticeComposer(IStringLocalizer<SharedResource> localizer)
{
    public static string Uid(Guid reservationId) => $"{reservationId:N}@jooxter-admin";

    public async Task<NoticeContent?> ComposeAsync(AdminDbContext db, ReservationNotice notice, MailSettings settings, CancellationToken ct)
    {
        var reservation = await db.Reservations.AsNoTracking().SingleOrDefaultAsync(r => r.Id == notice.ReservationId, ct);
        if (reservation is null)
        {
            return null;
        }

        var recipientId = notice.RecipientId ?? reservation.ForId;
        // An external guest is written to in the customer's language (their own is not known).
        var recipient = notice.GuestId is { } guestId
            ? await db.ReservationGuests.AsNoTracking().Where(g => g.Id == guestId && g.Email != null)
                .Select(g => new { Email = g.Email!, Name = g.Name ?? g.Email!, Language = db.Tenants.Where(t => t.Id == g.TenantId).Select(t => t.DefaultLanguage).First() })
                .SingleOrDefaultAsync(ct)
            // A person who restricted processing of their data is not written to while the restriction lasts.
            : await db.Employees.AsNoTracking().Where(e => e.Id == recipientId && e.ProcessingRestrictedSinceUtc == null)
                .Select(e => new { e.Email, Name = e.FirstName + " " + e.LastName, e.Language }).SingleOrDefaultAsync(ct);
        var space = await SpaceFacts.LoadAsync(db, reservation.SpaceId, ct);
        if (recipient is null || space is null)
        {
            return null;
        }

        var sequence = await db.ReservationNotices.CountAsync(n => n.ReservationId == notice.ReservationId && n.QueuedAtUtc < notice.QueuedAtUtc, ct);
        var forName = await db.Employees.Where(e => e.Id == reservation.ForId).Select(e => e.FirstName + " " + e.LastName).SingleAsync(ct);
        var culture = CultureInfo.GetCultureInfo(recipient.Language is "fr" ? "fr-FR" : "en-GB");
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var start = BuildingTime.ToLocal(reservation.StartsAtUtc, space.Site.Zone);
            var end = BuildingTime.ToLocal(reservation.EndsAtUtc, space.Site.Zone);
            var when = start.Date == end.Date
                ? $"{start:dddd d MMMM yyyy}, {start:t}–{end:t} ({space.Site.Zone.Id})"
                : $"{start:f} – {end:f} ({space.Site.Zone.Id})";
            var where = $"{space.Name}, {space.FloorName}, {space.BuildingName}";
            var subject = localizer[$"Notice.Subject.{notice.Kind}", space.Name, start.ToString("d", culture)].Value;
            var lines = new List<string>
            {
                localizer["Notice.Greeting", recipient.Name].Value,
                localizer[$"Notice.Body.{notice.Kind}", forName].Value,
                localizer["Notice.Where", where].Value,
                localizer["Notice.When", when].Value,
            };
            if (!string.IsNullOrWhiteSpace(notice.Reason))
            {
                lines.Add(localizer["Notice.Reason", notice.Reason].Value);
            }

            lines.Add(localizer["Notice.Footer"].Value);
            var text = string.Join("\n\n", lines);
            var html = $"<!DOCTYPE html><html lang=\"{culture.TwoLetterISOLanguageName}\"><body style=\"font-family:sans-serif\">"
                + string.Concat(lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";

            var method = notice.Kind switch
            {
                ReservationNoticeKind.Confirmed or ReservationNoticeKind.Approved or ReservationNoticeKind.Changed or ReservationNoticeKind.Moved => "REQUEST",
                ReservationNoticeKind.Cancelled or ReservationNoticeKind.Rejected or ReservationNoticeKind.Released => "CANCEL",
                _ => null,
            };
            string? calendar = null;
            if (method is not null)
            {
                var ics = new Ical.Net.Calendar { Method = method };
                ics.Events.Add(new CalendarEvent
                {
                    Uid = Uid(reservation.Id),
                    Sequence = sequence,
                    DtStamp = new CalDateTime(notice.QueuedAtUtc, "UTC"),
                    DtStart = new CalDateTime(reservation.StartsAtUtc, "UTC"),
                    DtEnd = new CalDateTime(reservation.EndsAtUtc, "UTC"),
                    Summary = reservation.Subject ?? space.Name,
                    Location = where,
                    Status = method == "CANCEL" ? "CANCELLED" : "CONFIRMED",
                    Organizer = new Organizer($"mailto:{settings.From}") { CommonName = settings.FromName },
                    Attendees = [new Attendee($"mailto:{recipient.Email}") { CommonName = recipient.Name, Role = "REQ-PARTICIPANT" }],
                });
                calendar = new CalendarSerializer().SerializeToString(ics);
            }

            return new NoticeContent(recipient.Email, recipient.Name, culture.TwoLetterISOLanguageName, subject, text, html, calendar, method);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    /// <summary>The welcome message of a new account: what the service is, who runs it for whom, and where to read more.</summary>
    public async Task<NoticeContent?> ComposeWelcomeAsync(AdminDbContext db, People.Import.WelcomeNotification welcome, CancellationToken ct)
    {
        var person = await db.Employees.AsNoTracking().Where(e => e.Id == welcome.EmployeeId && e.Status == People.EmployeeStatus.Active && e.ProcessingRestrictedSinceUtc == null)
            .Select(e => new { e.Email, Name = e.FirstName + " " + e.LastName, e.Language }).SingleOrDefaultAsync(ct);
        var company = await db.Tenants.AsNoTracking().Where(t => t.Id == welcome.TenantId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        if (person is null || company is null)
        {
            return null;
        }

        var culture = CultureInfo.GetCultureInfo(person.Language is "fr" ? "fr-FR" : "en-GB");
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var lines = new[]
            {
                localizer["Notice.Greeting", person.Name].Value,
                localizer["Welcome.Body", company].Value,
                localizer["Welcome.Privacy", company].Value,
            };
            var text = string.Join("\n\n", lines);
            var html = $"<!DOCTYPE html><html lang=\"{culture.TwoLetterISOLanguageName}\"><body style=\"font-family:sans-serif\">"
                + string.Concat(lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";
            return new NoticeContent(person.Email, person.Name, culture.TwoLetterISOLanguageName, localizer["Welcome.Subject", company].Value, text, html, null, null);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    /// <summary>
    /// A privacy e-mail: to a requester whose deadline moved (with the reason and the new date), to a subject whose
    /// record was corrected (which fields), or the DPOs' daily list of requests due this week and overdue (kinds and
    /// dates only: the register holds the names).
    /// </summary>
    public async Task<NoticeContent?> ComposePrivacyAsync(AdminDbContext db, Privacy.PrivacyNotice notice, DateTime nowUtc, CancellationToken ct)
    {
        var company = await db.Tenants.AsNoTracking().Where(t => t.Id == notice.TenantId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        var request = notice.RequestId is { } requestId ? await db.RightsRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, ct) : null;
        if (company is null || (notice.Kind != Privacy.PrivacyNoticeKind.DeadlineDigest && request is null))
        {
            return null;
        }

        var culture = CultureInfo.GetCultureInfo(notice.Language is "fr" ? "fr-FR" : "en-GB");
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            string subject;
            var lines = new List<string> { string.IsNullOrEmpty(notice.RecipientName) ? localizer["Notice.GreetingAnonymous"].Value : localizer["Notice.Greeting", notice.RecipientName].Value };
            switch (notice.Kind)
            {
                case Privacy.PrivacyNoticeKind.Extended:
                    subject = localizer["PrivacyNotice.Extended.Subject", company].Value;
                    lines.Add(localizer["PrivacyNotice.Extended.Body", request!.ReceivedAtUtc.ToString("D", culture), localizer[$"Privacy.Kind.{request.Kind}"].Value, request.DueAtUtc.ToString("D", culture)].Value);
                    lines.Add(localizer["PrivacyNotice.Reason", request.ExtensionReason ?? ""].Value);
                    break;
                case Privacy.PrivacyNoticeKind.Rectified:
                    subject = localizer["PrivacyNotice.Rectified.Subject", company].Value;
                    var fields = request!.Rectification is { } json ? System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => localizer[$"Privacy.Column.{p.Name}"].Value) : [];
                    lines.Add(localizer["PrivacyNotice.Rectified.Body", string.Join(", ", fields)].Value);
                    break;
                default:
                    subject = localizer["PrivacyNotice.Digest.Subject", company].Value;
                    var open = await db.RightsRequests.AsNoTracking()
                        .Where(r => Privacy.RightsRequest.OpenStatuses.Contains(r.Status)
                            && r.PausedSinceUtc == null && r.DueAtUtc < nowUtc.AddDays(7))
                        .OrderBy(r => r.DueAtUtc).Select(r => new { r.Id, r.Kind, r.ReceivedAtUtc, r.DueAtUtc }).ToListAsync(ct);
                    if (open.Count == 0)
                    {
                        return null;
                    }

                    lines.Add(localizer["PrivacyNotice.Digest.Body", open.Count(r => r.DueAtUtc < nowUtc), open.Count(r => r.DueAtUtc >= nowUtc)].Value);
                    lines.AddRange(open.Select(r => localizer[r.DueAtUtc < nowUtc ? "PrivacyNotice.Digest.Overdue" : "PrivacyNotice.Digest.Due",
                        localizer[$"Privacy.Kind.{r.Kind}"].Value, r.ReceivedAtUtc.ToString("d", culture), r.DueAtUtc.ToString("d", culture), r.Id.ToString("N")[..8]].Value));
                    break;
            }

            var text = string.Join("\n\n", lines);
            var html = $"<!DOCTYPE html><html lang=\"{culture.TwoLetterISOLanguageName}\"><body style=\"font-family:sans-serif\">"
                + string.Concat(lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>")) + "</body></html>";
            return new NoticeContent(notice.RecipientEmail, notice.RecipientName, culture.TwoLetterISOLanguageName, subject, text, html, null, null);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }

    public static MimeMessage ToMessage(NoticeContent content, MailSettings settings, Guid noticeId)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(new MailboxAddress(content.ToName, content.To));
        message.Subject = content.Subject;
        message.MessageId = $"{noticeId:N}@jooxter-admin";
        var body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html };
        if (content.Calendar is not null)
        {
            var attachment = body.Attachments.Add("booking.ics", System.Text.Encoding.UTF8.GetBytes(content.Calendar), new ContentType("text", "calendar"));
            attachment.ContentType.Parameters.Add("method", content.CalendarMethod!);
            attachment.ContentType.Charset = "utf-8";
        }

        message.Body = body.ToMessageBody();

        // A Content-* header belongs to the message's top-level entity (MimeKit keeps it with the body).
        message.Body.Headers.Add(HeaderId.ContentLanguage, content.Language);
        return message;
    }
}
