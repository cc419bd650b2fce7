using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy;

public sealed class RequestForm
{
    public RightsRequestKind Kind { get; set; } = RightsRequestKind.Access;

    public RequestChannel Channel { get; set; } = RequestChannel.Email;

    public Guid? SubjectEmployeeId { get; set; }

    /// <summary>The requester's address: required for a subject who is not an employee.</summary>
    public string? Email { get; set; }

    public string? Name { get; set; }

    public DateTime ReceivedOn { get; set; }

    public string? Note { get; set; }
}

public sealed record RequestFilter(string? Search = null, RightsRequestStatus? Status = null, RightsRequestKind? Kind = null, bool OpenOnly = false, bool OverdueOnly = false, bool DueThisWeekOnly = false);

public sealed record RequestRow(Guid Id, RightsRequestKind Kind, RightsRequestStatus Status, RightsSubjectKind SubjectKind, string Subject, DateTime ReceivedAtUtc, DateTime DueAtUtc, bool Paused, bool Overdue, int ExtensionMonths, string? Assignee)
{
    public bool IsOpen => RightsRequest.IsOpenStatus(Status);
}

public sealed record RequestDashboard(int Open, int DueThisWeek, int Overdue, int Paused, double? AverageDaysToAnswer, int AnsweredLast90Days);

public sealed record RequestStepRow(DateTime AtUtc, RequestStepKind Kind, string? Text, string? Evidence, string By);

public sealed record ExceptionRow(Guid Id, string Entity, string Reason, DateOnly ReviewOn);

public sealed record RequestDetail(
    RequestRow Row,
    RequestChannel Channel,
    string? RequesterEmail,
    Guid? SubjectEmployeeId,
    bool SubjectRestricted,
    string? ExtensionReason,
    string? PauseReason,
    string? ClosingReason,
    string? Rectification,
    Subjects.ScanResult? Scan,
    Guid? AssigneeId,
    IReadOnlyList<RequestStepRow> Steps,
    IReadOnlyList<ExceptionRow> Exceptions,
    Guid Version);

public sealed record PersonOption(Guid Id, string Name, string Email);

/// <summary>
/// The rights-request register: record, move, extend, pause, assign, annotate and close requests, with every step
/// written to the request's history and to the audit trail. Only DPOs, and administrators where the customer allows it,
/// reach it; the check is made here, for every call.
/// </summary>
public sealed class RightsRequestService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    /// <summary>The one access rule of the register, shared by every privacy service.</summary>
    public static async Task<UserContext> DemandAsync(CurrentUser currentUser, AdminDbContext db, CancellationToken ct)
    {
        var user = await currentUser.GetAsync();
        if (user.Can(Capability.ManagePrivacy))
        {
            return user;
        }

        if (user.IsAuthenticated && user.Roles.Contains(Role.TenantAdministrator)
            && await db.Tenants.AnyAsync(t => t.Id == user.TenantId && t.AdministratorsHandleRightsRequests, ct))
        {
            return user;
        }

        throw new AccessDeniedException(Capability.ManagePrivacy);
    }

    public async Task<bool> CanUseAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        try
        {
            await DemandAsync(currentUser, db, ct);
            return true;
        }
        catch (AccessDeniedException)
        {
            return false;
        }
    }

    public async Task<RequestDashboard> DashboardAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await DemandAsync(currentUser, db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var open = db.RightsRequests.Where(r => RightsRequest.OpenStatuses.Contains(r.Status));
        var weekEnd = now.AddDays(7);
        var answered = await db.RightsRequests.AsNoTracking()
            .Where(r => r.Status == RightsRequestStatus.Answered && r.ClosedAtUtc != null && r.ClosedAtUtc >= now.AddDays(-90))
            .Select(r => new { r.ReceivedAtUtc, r.ClosedAtUtc }).ToListAsync(ct);
        return new RequestDashboard(
            await open.CountAsync(ct),
            await open.CountAsync(r => r.PausedSinceUtc == null && r.DueAtUtc >= now && r.DueAtUtc < weekEnd, ct),
            await open.CountAsync(r => r.PausedSinceUtc == null && r.DueAtUtc < now, ct),
            await open.CountAsync(r => r.PausedSinceUtc != null, ct),
            answered.Count == 0 ? null : Math.Round(answered.Average(a => (a.ClosedAtUtc!.Value - a.ReceivedAtUtc).TotalDays), 1),
            answered.Count);
    }

    public async Task<IReadOnlyList<RequestRow>> ListAsync(RequestFilter filter, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await DemandAsync(currentUser, db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.RightsRequests.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (filter.Kind is { } kind) query = query.Where(r => r.Kind == kind);
        if (filter.OpenOnly || filter.OverdueOnly || filter.DueThisWeekOnly)
        {
            query = query.Where(r => RightsRequest.OpenStatuses.Contains(r.Status));
        }

        if (filter.OverdueOnly) query = query.Where(r => r.PausedSinceUtc == null && r.DueAtUtc < now);
        if (filter.DueThisWeekOnly) query = query.Where(r => r.PausedSinceUtc == null && r.DueAtUtc >= now && r.DueAtUtc < now.AddDays(7));
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var folded = Names.Fold(filter.Search.Trim());
            var upper = filter.Search.Trim().ToUpperInvariant();
            query = query.Where(r => (r.RequesterEmail != null && r.RequesterEmail.ToUpper().Contains(upper))
                || (r.SubjectName != null && r.SubjectName.ToUpper().Contains(upper))
                || db.Employees.Any(e => e.Id == r.SubjectEmployeeId && e.SearchText.Contains(folded)));
        }

        var rows = await query.OrderBy(r => r.DueAtUtc).Take(500)
            .Select(r => new
            {
                Request = r,
                Subject = db.Employees.Where(e => e.Id == r.SubjectEmployeeId).Select(e => e.FirstName + " " + e.LastName).FirstOrDefault(),
                Assignee = db.Employees.Where(e => e.Id == r.AssigneeId).Select(e => e.FirstName + " " + e.LastName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => ToRow(r.Request, r.Subject, r.Assignee, now)).ToList();
    }

    private static RequestRow ToRow(RightsRequest r, string? subject, string? assignee, DateTime now) => new(
        r.Id, r.Kind, r.Status, r.SubjectKind, subject ?? r.SubjectName ?? r.RequesterEmail ?? "—", r.ReceivedAtUtc, r.DueAt(now), r.IsPaused, r.IsOverdue(now), r.ExtensionMonths, assignee);

    public async Task<RequestDetail?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        var user = await DemandAsync(currentUser, db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = await db.RightsRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return null;
        }

        var subject = request.SubjectEmployeeId is { } subjectId
            ? await db.Employees.AsNoTracking().Where(e => e.Id == subjectId).Select(e => new { Name = e.FirstName + " " + e.LastName, e.ProcessingRestrictedSinceUtc }).SingleOrDefaultAsync(ct)
            : null;
        var assignee = request.AssigneeId is { } assigneeId ? await db.Employees.Where(e => e.Id == assigneeId).Select(e => e.FirstName + " " + e.LastName).SingleOrDefaultAsync(ct) : null;
        var steps = await db.RightsRequestSteps.AsNoTracking().Where(s => s.RequestId == id).OrderBy(s => s.AtUtc)
            .Select(s => new { s.AtUtc, s.Kind, s.Text, s.Evidence, By = db.Employees.Where(e => e.Id == s.ActorId).Select(e => e.FirstName + " " + e.LastName).FirstOrDefault() })
            .ToListAsync(ct);
        var exceptions = await db.ErasureExceptions.AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.Entity)
            .Select(e => new ExceptionRow(e.Id, e.Entity, e.Reason, e.ReviewOn)).ToListAsync(ct);
        return new RequestDetail(
            ToRow(request, subject?.Name, assignee, now),
            request.Channel,
            request.RequesterEmail,
            request.SubjectEmployeeId,
            subject?.ProcessingRestrictedSinceUtc is not null,
            request.ExtensionReason,
            request.PauseReason,
            request.ClosingReason,
            // Before/after values of a rectification are for DPOs only, not for administrators let into the register.
            user.Can(Capability.ManagePrivacy) ? request.Rectification : null,
            request.ScanEvidence is null ? null : System.Text.Json.JsonSerializer.Deserialize<Subjects.ScanResult>(request.ScanEvidence),
            request.AssigneeId,
            steps.Select(s => new RequestStepRow(s.AtUtc, s.Kind, s.Text, s.Evidence, s.By ?? "—")).ToList(),
            exceptions,
            request.Version);
    }

    /// <summary>People the request may be about: employees by name or e-mail (the DPO picks one).</summary>
    public async Task<IReadOnlyList<PersonOption>> FindPeopleAsync(string search, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await DemandAsync(currentUser, db, ct);
        if (string.IsNullOrWhiteSpace(search) || search.Trim().Length < 2)
        {
            return [];
        }

        var folded = Names.Fold(search.Trim());
        var placeholder = Employee.NormalizeEmail(Subjects.SubjectErasure.PlaceholderEmail);
        return await db.Employees.AsNoTracking().Where(e => e.SearchText.Contains(folded) && e.NormalizedEmail != placeholder)
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).Take(20)
            .Select(e => new PersonOption(e.Id, e.FirstName + " " + e.LastName, e.Email)).ToListAsync(ct);
    }

    public async Task<SaveResult> RecordAsync(RequestForm form, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        var user = await DemandAsync(currentUser, db, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var received = DateTime.SpecifyKind(form.ReceivedOn == default ? now : form.ReceivedOn, DateTimeKind.Utc);
        if (received > now.AddMinutes(5))
        {
            return new SaveResult(OperationResult.Fail(nameof(form.ReceivedOn), "Privacy.Request.ReceivedInFuture"), null);
        }

        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        if (email is not null && !EmailAddresses.IsValid(email))
        {
            return new SaveResult(OperationResult.Fail(nameof(form.Email), "People.InvalidEmail"), null);
        }

        var request = RightsRequest.Receive(form.Kind, received, null);
        request.Channel = form.Channel;
        request.SubjectName = string.IsNullOrWhiteSpace(form.Name) ? null : form.Name.Trim();
        if (form.SubjectEmployeeId is { } employeeId)
        {
            var employee = await db.Employees.AsNoTracking().Where(e => e.Id == employeeId).Select(e => new { e.Email }).SingleOrDefaultAsync(ct);
            if (employee is null)
            {
                return new SaveResult(OperationResult.NotFound(nameof(form.SubjectEmployeeId)), null);
            }

            request.SubjectEmployeeId = employeeId;
            request.SubjectKind = RightsSubjectKind.Employee;
            request.RequesterEmail = email ?? employee.Email;
        }
        else
        {
            if (email is null)
            {
                return new SaveResult(OperationResult.Fail(nameof(form.Email), "Privacy.Request.EmailRequired"), null);
            }

            // An address that matches an employee is that employee; one that an invitation names is an external guest.
            var normalized = Employee.NormalizeEmail(email);
            var match = await db.Employees.Where(e => e.NormalizedEmail == normalized).Select(e => (Guid?)e.Id).SingleOrDefaultAsync(ct);
            request.RequesterEmail = email;
            request.SubjectEmployeeId = match;
            request.SubjectKind = match is not null ? RightsSubjectKind.Employee
                : await db.ReservationGuests.AnyAsync(g => g.NormalizedEmail == normalized, ct) ? RightsSubjectKind.ExternalGuest
                : RightsSubjectKind.Unmatched;
        }

        db.RightsRequests.Add(request);
        AddStep(db, request.Id, user, RequestStepKind.Recorded, string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim(), null, now);
        await db.SaveChangesAsync(ct);
        return new SaveResult(OperationResult.Ok, request.Id);
    }

    internal static void AddStep(AdminDbContext db, Guid requestId, UserContext user, RequestStepKind kind, string? text, string? evidence, DateTime nowUtc) =>
        db.RightsRequestSteps.Add(new RightsRequestStep { RequestId = requestId, ActorId = user.EmployeeId, Kind = kind, Text = text, Evidence = evidence, AtUtc = nowUtc });

    public Task<OperationResult> MoveAsync(Guid id, Guid version, RightsRequestStatus to, CancellationToken ct = default) =>
        ChangeAsync(id, version, (r, now) => r.MoveTo(to, now), RequestStepKind.StatusChanged, to.ToString(), ct);

    public Task<OperationResult> CloseAsync(Guid id, Guid version, RightsRequestStatus to, string reason, CancellationToken ct = default) =>
        ChangeAsync(id, version, (r, now) => r.Close(to, reason, now), RequestStepKind.Closed, $"{to}: {reason}", ct);

    public Task<OperationResult> PauseAsync(Guid id, Guid version, string reason, CancellationToken ct = default) =>
        ChangeAsync(id, version, (r, now) => r.Pause(reason, now), RequestStepKind.Paused, reason, ct);

    public Task<OperationResult> ResumeAsync(Guid id, Guid version, CancellationToken ct = default) =>
        ChangeAsync(id, version, (r, now) => r.Resume(now), RequestStepKind.Resumed, null, ct);

    /// <summary>Extends the deadline and tells the requester, in the same transaction.</summary>
    public Task<OperationResult> ExtendAsync(Guid id, Guid version, int months, string reason, CancellationToken ct = default) =>
        ChangeAsync(id, version, (r, now) => r.Extend(months, reason), RequestStepKind.Extended, $"+{months}: {reason}", ct, async (db, r, now) =>
        {
            if (r.RequesterEmail is { } to)
            {
                var language = r.SubjectEmployeeId is { } subject
                    ? await db.Employees.Where(e => e.Id == subject).Select(e => e.Language).SingleOrDefaultAsync(ct)
                    : null;
                language ??= await db.Tenants.Select(t => t.DefaultLanguage).SingleAsync(ct);
                db.PrivacyNotices.Add(new PrivacyNotice { Kind = PrivacyNoticeKind.Extended, RequestId = r.Id, RecipientEmail = to, Language = language, QueuedAtUtc = now });
            }
        });

    public async Task<OperationResult> AssignAsync(Guid id, Guid version, Guid? assigneeId, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        if (assigneeId is { } assignee && !await db.RoleAssignments.AnyAsync(r => r.EmployeeId == assignee && (r.Role == Role.DataProtectionOfficer || r.Role == Role.TenantAdministrator), ct))
        {
            await DemandAsync(currentUser, db, ct);
            return OperationResult.Fail("Assignee", "Privacy.Request.AssigneeNotDpo");
        }

        return await ChangeAsync(id, version, (r, _) =>
        {
            r.AssigneeId = assigneeId;
            return null;
        }, RequestStepKind.Assigned, null, ct);
    }

    /// <summary>The people who may be assigned requests: the customer's DPOs and administrators.</summary>
    public async Task<IReadOnlyList<PersonOption>> AssigneesAsync(CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        await DemandAsync(currentUser, db, ct);
        return await db.Employees.AsNoTracking()
            .Where(e => db.RoleAssignments.Any(r => r.EmployeeId == e.Id && (r.Role == Role.DataProtectionOfficer || r.Role == Role.TenantAdministrator)))
            .OrderBy(e => e.LastName).Select(e => new PersonOption(e.Id, e.FirstName + " " + e.LastName, e.Email)).ToListAsync(ct);
    }

    public async Task<OperationResult> NoteAsync(Guid id, string note, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return OperationResult.Fail("Note", "Validation.Required");
        }

        await using var db = await database.OpenAsync();
        var user = await DemandAsync(currentUser, db, ct);
        if (!await db.RightsRequests.AnyAsync(r => r.Id == id, ct))
        {
            return OperationResult.NotFound();
        }

        AddStep(db, id, user, RequestStepKind.Note, note.Trim(), null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    /// <summary>Records data to keep despite an erasure (a legal hold, an open dispute), with its reason and review date.</summary>
    public async Task<OperationResult> AddExceptionAsync(Guid id, string entity, string reason, DateOnly reviewOn, CancellationToken ct = default)
    {
        await using var db = await database.OpenAsync();
        var user = await DemandAsync(currentUser, db, ct);
        var request = await db.RightsRequests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return OperationResult.NotFound();
        }

        if (request.Kind != RightsRequestKind.Erasure || !request.IsOpen)
        {
            return OperationResult.Fail("", "Privacy.Request.Closed");
        }

        if (Subjects.SubjectLinks.All.All(l => l.Entity.Name != entity))
        {
            return OperationResult.Fail("Entity", "Privacy.Exception.UnknownTable");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return OperationResult.Fail("Reason", "Privacy.Request.ReasonRequired");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (reviewOn <= today)
        {
            return OperationResult.Fail("ReviewOn", "Privacy.Exception.ReviewInPast");
        }

        if (await db.ErasureExceptions.AnyAsync(e => e.RequestId == id && e.Entity == entity, ct))
        {
            return OperationResult.Fail("Entity", "Privacy.Exception.Duplicate");
        }

        db.ErasureExceptions.Add(new ErasureException { RequestId = id, Entity = entity, Reason = reason.Trim(), ReviewOn = reviewOn });
        AddStep(db, id, user, RequestStepKind.Note, $"{entity}: {reason.Trim()}", null, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    private async Task<OperationResult> ChangeAsync(Guid id, Guid version, Func<RightsRequest, DateTime, string?> change, RequestStepKind step, string? text, CancellationToken ct, Func<AdminDbContext, RightsRequest, DateTime, Task>? also = null)
    {
        await using var db = await database.OpenAsync();
        var user = await DemandAsync(currentUser, db, ct);
        var request = await db.RightsRequests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return OperationResult.NotFound();
        }

        Concurrency.Expect(db, request, version);
        var now = clock.GetUtcNow().UtcDateTime;
        if (change(request, now) is { } error)
        {
            return OperationResult.Fail("", error);
        }

        AddStep(db, id, user, step, text, null, now);
        if (also is not null)
        {
            await also(db, request, now);
        }

        return await Concurrency.SaveAsync(db, ct);
    }
}
