using System.Security.Cryptography;
using System.Text.Json;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Privacy.Subjects;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Jooxter.Admin.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Jooxter.Admin.Features.Privacy;

public sealed record ExportFile(string FileName, byte[] Content);

/// <summary>The fields a rectification may correct: those of the employee record a person sees about themself.</summary>
public sealed class RectificationForm
{
    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Phone { get; set; }

    public string Language { get; set; } = "fr";
}

/// <summary>
/// Carries out what a request asks: the access/portability export, rectification, erasure with its residual scan,
/// and restriction. Each is tied to a request, checked against the register's access rule, and leaves a step on it.
/// </summary>
public sealed class SubjectRightsService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    private async Task<(AdminDbContext Db, UserContext User, RightsRequest? Request)> OpenAsync(Guid requestId, CancellationToken ct)
    {
        var db = await database.OpenAsync();
        try
        {
            var user = await RightsRequestService.DemandAsync(currentUser, db, ct);
            return (db, user, await db.RightsRequests.SingleOrDefaultAsync(r => r.Id == requestId, ct));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Everything that finds the subject's rows. An employee is found by their record and their own address only (a
    /// request made for them by a lawyer or a manager does not make that person's rows theirs); someone who is not an
    /// employee, by the address the request gives.
    /// </summary>
    public static async Task<DataSubject> SubjectOfAsync(AdminDbContext db, RightsRequest request, CancellationToken ct)
    {
        if (request.SubjectEmployeeId is { } id && await db.Employees.AsNoTracking().Where(e => e.Id == id).Select(e => e.NormalizedEmail).SingleOrDefaultAsync(ct) is { } own)
        {
            return new DataSubject(id, [own]) { PlatformEmails = [own] };
        }

        return new DataSubject(request.SubjectEmployeeId, request.RequesterEmail is { } requester ? [Employee.NormalizeEmail(requester)] : []);
    }

    /// <summary>The zip of the subject's data and the Article 15 information; the step records its fingerprint.</summary>
    public async Task<ExportFile?> ExportAsync(Guid requestId, CancellationToken ct = default)
    {
        var (db, user, request) = await OpenAsync(requestId, ct);
        await using var _ = db;
        if (request is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var subject = await SubjectOfAsync(db, request, ct);
        await using var platform = database.OpenSystem("console", user.EmployeeId);
        var data = await SubjectData.ReadAsync(db, platform, subject, ct);
        var information = await InformationAsync(db, ct);
        var content = SubjectExport.Write(data, information, now, text);
        RightsRequestService.AddStep(db, request.Id, user, RequestStepKind.Exported, null, $"sha256:{Convert.ToHexStringLower(SHA256.HashData(content))} ({content.Length} bytes)", now);
        await db.SaveChangesAsync(ct);
        return new ExportFile($"subject-data-{now:yyyyMMdd}-{request.Id.ToString("N")[..8]}.zip", content);
    }

    /// <summary>The Article 15 information, from the customer's record of processing.</summary>
    public static async Task<Article15Information> InformationAsync(AdminDbContext db, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        var purposes = await db.ProcessingActivities.AsNoTracking().OrderBy(p => p.Purpose)
            .Select(p => new PurposeInformation(p.Purpose, p.DataCategories, p.LegalBasis, p.Retention, p.Recipients, p.Source)).ToListAsync(ct);
        var subs = await db.SubProcessors.AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new SubProcessorInformation(p.Name, p.Service, p.Location, p.Safeguards)).ToListAsync(ct);
        var policies = (await db.PrivacyPolicyVersions.AsNoTracking().OrderBy(p => p.EffectiveOn).Select(p => new { p.Label, p.EffectiveOn }).ToListAsync(ct))
            .Select(p => $"{p.Label} ({p.EffectiveOn:yyyy-MM-dd})").ToList();
        return new Article15Information(
            tenant.Name,
            "Jooxter",
            purposes,
            subs,
            new RetentionInformation(tenant.ReservationRetentionMonths, tenant.NoticeRetentionMonths, tenant.ImportRetentionMonths, tenant.AuditRetentionMonths, (int)LocationRetention.Window.TotalMinutes, Tenants.Tenant.ArchiveMonths),
            policies,
            Article15Information.Cnil);
    }

    /// <summary>The subject's fields as they are now, for the rectification form.</summary>
    public async Task<RectificationForm?> CurrentAsync(Guid requestId, CancellationToken ct = default)
    {
        var (db, _, request) = await OpenAsync(requestId, ct);
        await using var _ = db;
        return request?.SubjectEmployeeId is { } id
            ? await db.Employees.AsNoTracking().Where(e => e.Id == id).Select(e => new RectificationForm { FirstName = e.FirstName, LastName = e.LastName, Email = e.Email, Phone = e.Phone, Language = e.Language }).SingleOrDefaultAsync(ct)
            : null;
    }

    /// <summary>Corrects the subject's record with the employee editor's validation; before/after stay on the request, the subject is told.</summary>
    public async Task<OperationResult> RectifyAsync(Guid requestId, RectificationForm form, CancellationToken ct = default)
    {
        var (db, user, request) = await OpenAsync(requestId, ct);
        await using var _ = db;
        if (request is null || request.SubjectEmployeeId is not { } employeeId)
        {
            return OperationResult.NotFound();
        }

        if (!request.IsOpen || request.Kind != RightsRequestKind.Rectification)
        {
            return OperationResult.Fail("", "Privacy.Request.Closed");
        }

        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null)
        {
            return OperationResult.NotFound();
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(ct);
        var (validation, phone) = EmployeeService.Validate(new EmployeeForm { FirstName = form.FirstName, LastName = form.LastName, Email = form.Email, Phone = form.Phone, Language = form.Language }, tenant.CountryCode);
        if (!validation.Succeeded)
        {
            return validation;
        }

        var normalized = Employee.NormalizeEmail(form.Email);
        if (await db.Employees.AnyAsync(e => e.NormalizedEmail == normalized && e.Id != employeeId, ct))
        {
            return OperationResult.Fail(nameof(form.Email), "People.EmailTaken");
        }

        if (normalized != employee.NormalizedEmail && !user.Can(Capability.ManageSettings) && await db.RoleAssignments.AnyAsync(r => r.EmployeeId == employeeId, ct))
        {
            return OperationResult.Fail(nameof(form.Email), "People.RoleHolderProtected");
        }

        var before = new Dictionary<string, string?> { ["FirstName"] = employee.FirstName, ["LastName"] = employee.LastName, ["Email"] = employee.Email, ["Phone"] = employee.Phone, ["Language"] = employee.Language };
        employee.FirstName = form.FirstName.Trim();
        employee.LastName = form.LastName.Trim();
        employee.Email = form.Email.Trim();
        employee.Phone = phone;
        employee.Language = form.Language;
        var after = new Dictionary<string, string?> { ["FirstName"] = employee.FirstName, ["LastName"] = employee.LastName, ["Email"] = employee.Email, ["Phone"] = employee.Phone, ["Language"] = employee.Language };
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        if (changed.Count == 0)
        {
            return OperationResult.Fail("", "Privacy.Rectify.NothingChanged");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        request.Rectification = JsonSerializer.Serialize(changed.ToDictionary(k => k, k => new { before = before[k], after = after[k] }));
        RightsRequestService.AddStep(db, request.Id, user, RequestStepKind.Rectified, string.Join(", ", changed), null, now);
        if (!employee.IsRestricted)
        {
            db.PrivacyNotices.Add(new PrivacyNotice { Kind = PrivacyNoticeKind.Rectified, RequestId = request.Id, RecipientEmail = employee.Email, RecipientName = employee.DisplayName, Language = employee.Language, QueuedAtUtc = now });
        }

        try
        {
            return await Concurrency.SaveAsync(db, ct);
        }
        catch (DbUpdateException)
        {
            return OperationResult.Fail(nameof(form.Email), "People.EmailTaken");
        }
    }

    /// <summary>
    /// Erases the subject: refused while they hold a console role; otherwise deletes and anonymises by
    /// <see cref="SubjectErasure"/>, then scans every text column for what is left, replaces it outside the audit trail
    /// and the exceptions, scans again and keeps that result as evidence on the request. All in one transaction.
    /// </summary>
    public async Task<(OperationResult Result, ScanResult? Scan)> EraseAsync(Guid requestId, CancellationToken ct = default)
    {
        var (db, user, request) = await OpenAsync(requestId, ct);
        await using var _ = db;
        if (request is null)
        {
            return (OperationResult.NotFound(), null);
        }

        if (!request.IsOpen || request.Kind != RightsRequestKind.Erasure)
        {
            return (OperationResult.Fail("", "Privacy.Request.Closed"), null);
        }

        if (request.SubjectEmployeeId is { } holder && await db.RoleAssignments.AnyAsync(r => r.EmployeeId == holder, ct))
        {
            var last = await db.RoleAssignments.AnyAsync(r => r.EmployeeId == holder && r.Role == Role.TenantAdministrator, ct)
                && !await db.RoleAssignments.AnyAsync(r => r.EmployeeId != holder && r.Role == Role.TenantAdministrator, ct);
            return (OperationResult.Fail("", last ? "Privacy.Erasure.LastAdministrator" : "Privacy.Erasure.HoldsRole"), null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var subject = await SubjectOfAsync(db, request, ct);
        var identifiers = ResidualScan.Variants(await IdentifiersAsync(db, subject, request, ct));
        var excepted = (await db.ErasureExceptions.Where(e => e.RequestId == requestId).Select(e => e.Entity).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await SubjectErasure.EraseAsync(db, subject, excepted, ct);
        var kept = excepted.Concat(outcome.Kept).ToHashSet(StringComparer.Ordinal);
        var first = await ResidualScan.RunAsync(db, identifiers, kept, now, ct);
        var redacted = await ResidualScan.RedactAsync(db, first, identifiers, ct);
        var scan = redacted == 0 ? first : await ResidualScan.RunAsync(db, identifiers, kept, now, ct);

        request.ScanEvidence = JsonSerializer.Serialize(scan);
        var summary = string.Join("; ", outcome.Deleted.Select(d => $"-{d.Value} {d.Key}").Concat(outcome.Anonymised.Select(a => $"~{a.Value} {a.Key}")).Concat(outcome.Kept.Select(k => $"={k}")));
        RightsRequestService.AddStep(db, request.Id, user, RequestStepKind.Erased, null, summary.Length > 3900 ? summary[..3900] : summary, now);
        RightsRequestService.AddStep(db, request.Id, user, RequestStepKind.Scanned, null, $"{scan.Outside} outside exceptions; {scan.Hits.Where(h => h.Excepted).Sum(h => h.Rows)} kept by exception; {redacted} cells replaced; {scan.ColumnsScanned} columns in {scan.TablesScanned} tables", now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await using (var platform = database.OpenSystem("console", user.EmployeeId))
        {
            await SubjectErasure.ErasePlatformAsync(platform, subject, excepted, ct);
        }

        return (OperationResult.Ok, scan);
    }

    /// <summary>What identifies the subject anywhere: addresses, names (both orders), phone, directory id, guest names.</summary>
    private static async Task<List<string?>> IdentifiersAsync(AdminDbContext db, DataSubject subject, RightsRequest request, CancellationToken ct)
    {
        // Names are searched whole (first and last name together): a single word would find other people.
        static string? FullName(string? name) => name is not null && name.Trim().Contains(' ', StringComparison.Ordinal) ? name : null;
        var identifiers = new List<string?>();
        if (subject.EmployeeId is { } id && await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is { } employee)
        {
            identifiers.AddRange([employee.Email, $"{employee.FirstName} {employee.LastName}", $"{employee.LastName} {employee.FirstName}", employee.Phone, employee.DirectoryObjectId]);
        }
        else
        {
            identifiers.AddRange([request.RequesterEmail, FullName(request.SubjectName)]);
        }

        var guests = await db.ReservationGuests.AsNoTracking().Where(g => g.EmployeeId == subject.Id || subject.NormalizedEmails.Contains(g.NormalizedEmail!))
            .Select(g => new { g.Email, g.Name }).ToListAsync(ct);
        identifiers.AddRange(guests.SelectMany(g => new[] { g.Email, FullName(g.Name) }));
        return identifiers;
    }

    /// <summary>Restricts processing of the subject (restriction or objection), or lifts it.</summary>
    public async Task<OperationResult> RestrictAsync(Guid requestId, bool restrict, CancellationToken ct = default)
    {
        var (db, user, request) = await OpenAsync(requestId, ct);
        await using var _ = db;
        if (request is null || request.SubjectEmployeeId is not { } employeeId)
        {
            return OperationResult.NotFound();
        }

        if (request.Kind is not (RightsRequestKind.Restriction or RightsRequestKind.Objection))
        {
            return OperationResult.Fail("", "Privacy.Request.BadStep");
        }

        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null)
        {
            return OperationResult.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        employee.ProcessingRestrictedSinceUtc = restrict ? employee.ProcessingRestrictedSinceUtc ?? now : null;
        if (restrict)
        {
            // A restricted person's position is not processed any more: it goes now, as on consent withdrawal.
            await db.Presences.IgnoreQueryFilters().Where(p => p.TenantId == db.Scope.TenantId && p.EmployeeId == employeeId).ExecuteDeleteAsync(ct);
        }

        RightsRequestService.AddStep(db, request.Id, user, restrict ? RequestStepKind.Restricted : RequestStepKind.RestrictionLifted, null, null, now);
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }
}
