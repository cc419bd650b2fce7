using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Occupancy;
using Jooxter.Admin.Features.Occupancy.Colleagues;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Places;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Privacy.Subjects;

/// <summary>
/// The person a request is about, by everything that finds their rows: their employee record (if any), the e-mail
/// addresses they are known by (external guest invitations, requests), and the requests they made.
/// </summary>
public sealed record DataSubject(Guid? EmployeeId, string[] NormalizedEmails)
{
    /// <summary>Compared with keys, so that a subject without an employee record matches no employee row.</summary>
    public Guid Id => EmployeeId ?? Guid.Empty;

    /// <summary>
    /// Addresses the platform's own rows (refused sign-ins, which belong to no customer) may be searched by: only an
    /// employee's own address in the directory, never an address typed into a request.
    /// </summary>
    public string[] PlatformEmails { get; init; } = [];
}

/// <summary>What erasure does with a table's rows about the subject.</summary>
public enum ErasureRule
{
    /// <summary>The rows go (photo, consents, positions, guest records, notices).</summary>
    Delete,

    /// <summary>The rows stay for the customer's records and statistics, without identity: personal fields emptied, the link to the person cut.</summary>
    Anonymise,

    /// <summary>The rows document the handling of the request itself (the DPO's notes and exceptions): kept, with the subject's identifiers replaced by the residual scan.</summary>
    Keep,
}

/// <summary>How one table's rows about a subject are found, and what erasure does with them.</summary>
public abstract class SubjectLink
{
    public abstract Type Entity { get; }

    public abstract ErasureRule Erasure { get; }

    /// <summary>Whether the rows are the platform's own (refused sign-ins), read through a platform context.</summary>
    public virtual bool Platform => false;

    public abstract Task<List<object>> LoadAsync(AdminDbContext db, DataSubject subject, bool track, CancellationToken ct);

    /// <summary>Whether a row found is the subject's own; the personal fields of a row that is not (a colleague's booking the subject was invited to) are someone else's, and left out of an export.</summary>
    public Func<object, DataSubject, bool>? Owns { get; init; }

    /// <summary>Columns never exported: other people's ids that the model does not declare as links (the DPO who took a step).</summary>
    public IReadOnlySet<string> Hidden { get; init; } = new HashSet<string>();
}

internal sealed class SubjectLink<T>(ErasureRule erasure, Func<AdminDbContext, DataSubject, IQueryable<T>> rows, bool platform = false) : SubjectLink
    where T : class
{
    public override Type Entity => typeof(T);

    public override ErasureRule Erasure => erasure;

    public override bool Platform => platform;

    public override async Task<List<object>> LoadAsync(AdminDbContext db, DataSubject subject, bool track, CancellationToken ct)
    {
        var query = rows(db, subject);
        return (await (track ? query : query.AsNoTracking()).ToListAsync(ct)).Cast<object>().ToList();
    }
}

/// <summary>
/// Where a person's data lives: one link per table that holds personal data or points at a person. Export, erasure and
/// restriction all walk this list; the fields they read and clear are those the model marks as personal
/// (<see cref="PersonalDataCatalog"/>), so a new marked column is exported and erased without touching this file, and a
/// new table with personal data fails the privacy tests until it is linked here.
/// Erasure runs the links in this order: dependants first, the employee record last.
/// </summary>
public static class SubjectLinks
{
    private static SubjectLink Link<T>(ErasureRule erasure, Func<AdminDbContext, DataSubject, IQueryable<T>> rows, bool platform = false, Func<T, DataSubject, bool>? owns = null, params string[] hidden)
        where T : class => new SubjectLink<T>(erasure, rows, platform)
        {
            Owns = owns is null ? null : (row, subject) => owns((T)row, subject),
            Hidden = hidden.ToHashSet(StringComparer.Ordinal),
        };

    public static readonly IReadOnlyList<SubjectLink> All =
    [
        Link(ErasureRule.Delete, (db, s) => db.ReservationNotices.Where(n =>
            n.RecipientId == s.Id
            || db.ReservationGuests.Any(g => g.Id == n.GuestId && (g.EmployeeId == s.Id || s.NormalizedEmails.Contains(g.NormalizedEmail!)))
            || (n.RecipientId == null && n.GuestId == null && db.Reservations.Any(r => r.Id == n.ReservationId && (r.BeneficiaryId ?? r.HolderId) == s.Id)))),
        Link(ErasureRule.Delete, (db, s) => db.ReservationGuests.Where(g => g.EmployeeId == s.Id || s.NormalizedEmails.Contains(g.NormalizedEmail!))),
        Link(ErasureRule.Anonymise, (db, s) => db.Reservations.Where(r =>
            r.HolderId == s.Id || r.BeneficiaryId == s.Id || r.CreatedById == s.Id || r.DecidedById == s.Id
            || db.ReservationGuests.Any(g => g.ReservationId == r.Id && (g.EmployeeId == s.Id || s.NormalizedEmails.Contains(g.NormalizedEmail!)))),
            owns: (r, s) => r.HolderId == s.Id || r.BeneficiaryId == s.Id),
        Link(ErasureRule.Delete, (db, s) => db.EmployeePhotos.Where(p => p.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.UserGroupMembers.Where(m => m.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.RoleAssignments.Where(r => r.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.LocationConsents.Where(c => c.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.Presences.Where(p => p.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.DeclaredStatuses.Where(d => d.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.WelcomeNotifications.Where(w => w.EmployeeId == s.Id)),
        Link(ErasureRule.Delete, (db, s) => db.PrivacyNotices.Where(n => s.NormalizedEmails.Contains(n.RecipientEmail.ToUpper()))),
        Link(ErasureRule.Anonymise, (db, s) => db.AuthorityDisclosures.Where(d => d.SubjectEmployeeId == s.Id)),
        Link(ErasureRule.Keep, (db, s) => db.RightsRequestSteps.Where(step => db.RightsRequests.Any(r => r.Id == step.RequestId && (r.SubjectEmployeeId == s.Id || s.NormalizedEmails.Contains(r.RequesterEmail!.ToUpper())))), hidden: [nameof(RightsRequestStep.ActorId)]),
        Link(ErasureRule.Keep, (db, s) => db.ErasureExceptions.Where(e => db.RightsRequests.Any(r => r.Id == e.RequestId && (r.SubjectEmployeeId == s.Id || s.NormalizedEmails.Contains(r.RequesterEmail!.ToUpper()))))),
        Link(ErasureRule.Anonymise, (db, s) => db.RightsRequests.Where(r => r.SubjectEmployeeId == s.Id || s.NormalizedEmails.Contains(r.RequesterEmail!.ToUpper())), hidden: [nameof(RightsRequest.AssigneeId)]),
        Link(ErasureRule.Delete, (db, s) => db.AccessDenials.Where(a => s.PlatformEmails.Contains(a.ClaimedEmail!.ToUpper())), platform: true),
        Link(ErasureRule.Delete, (db, s) => db.Employees.Where(e => e.Id == s.Id)),
    ];

    public static SubjectLink? For(Type entity) => All.FirstOrDefault(l => l.Entity == entity);

    /// <summary>Entities that hold personal data or point at an employee: each must have a link.</summary>
    public static IEnumerable<Type> PersonalEntities(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.GetEntityTypes()
            .Where(t => t.GetProperties().Any(PersonalDataCatalog.IsPersonal) || t.GetForeignKeys().Any(f => f.PrincipalEntityType.ClrType == typeof(Employee)))
            .Select(t => t.ClrType)
            .Where(t => t != typeof(Infrastructure.Audit.AuditEntry));
}
