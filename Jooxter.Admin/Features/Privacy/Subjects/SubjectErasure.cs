using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Reservations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Features.Privacy.Subjects;

/// <summary>What an erasure did, per table.</summary>
public sealed record ErasureOutcome(IReadOnlyDictionary<string, int> Deleted, IReadOnlyDictionary<string, int> Anonymised, IReadOnlyList<string> Kept);

/// <summary>
/// Erases a subject by walking <see cref="SubjectLinks"/> in order: rows that only serve the person are deleted, rows the
/// customer keeps for its records and statistics (bookings keep space and times) lose every marked personal field and
/// their link to the person, which is moved to the customer's one "erased person" record so that the bookings of
/// different erased people cannot be told apart. Tables the DPO excepted are left as they are.
/// </summary>
public static class SubjectErasure
{
    /// <summary>The e-mail of the customer's stand-in for erased people; <c>.invalid</c> can never be a real address.</summary>
    public const string PlaceholderEmail = "erased-person@erased.invalid";

    /// <summary>Erases the customer's rows about the subject (call inside a transaction).</summary>
    public static async Task<ErasureOutcome> EraseAsync(AdminDbContext db, DataSubject subject, IReadOnlySet<string> excepted, CancellationToken ct)
    {
        var deleted = new Dictionary<string, int>();
        var anonymised = new Dictionary<string, int>();
        var kept = new List<string>();
        Guid? placeholder = null;
        foreach (var link in SubjectLinks.All)
        {
            var name = link.Entity.Name;
            if (link.Erasure == ErasureRule.Keep || link.Platform)
            {
                continue;
            }

            if (excepted.Contains(name))
            {
                kept.Add(name);
                continue;
            }

            var context = db;
            var rows = await link.LoadAsync(context, subject, track: true, ct);
            if (rows.Count == 0)
            {
                continue;
            }

            var type = context.Model.FindEntityType(link.Entity)!;
            if (link.Erasure == ErasureRule.Delete)
            {
                if (link.Entity == typeof(Employee) && KeptRowsPointAtThePerson(db, excepted))
                {
                    // Rows kept by an exception still name the person: their record stays with them, until the hold ends.
                    kept.Add(name);
                    continue;
                }

                if (link.Entity == typeof(Employee))
                {
                    // The erasure request itself outlives the person, unlinked (its foreign key would do it too, but tracked rows must agree).
                    foreach (var request in await db.RightsRequests.Where(r => r.SubjectEmployeeId == subject.Id || r.AssigneeId == subject.Id).ToListAsync(ct))
                    {
                        if (request.SubjectEmployeeId == subject.Id) request.SubjectEmployeeId = null;
                        if (request.AssigneeId == subject.Id) request.AssigneeId = null;
                    }
                }

                context.RemoveRange(rows);
                deleted[name] = rows.Count;
            }
            else
            {
                foreach (var row in rows)
                {
                    if (row is Reservation reservation)
                    {
                        placeholder ??= await PlaceholderAsync(db, ct);
                        AnonymiseReservation(type, reservation, subject.Id, placeholder.Value);
                    }
                    else
                    {
                        Anonymise(type, row, subject.Id);
                    }
                }

                anonymised[name] = rows.Count;
            }

            await context.SaveChangesAsync(ct);
        }

        return new ErasureOutcome(deleted, anonymised, kept);
    }

    /// <summary>Deletes the platform's own rows naming the subject (refused sign-ins), once the customer's erasure is committed.</summary>
    public static async Task<int> ErasePlatformAsync(AdminDbContext platform, DataSubject subject, IReadOnlySet<string> excepted, CancellationToken ct)
    {
        var count = 0;
        foreach (var link in SubjectLinks.All.Where(l => l.Platform && !excepted.Contains(l.Entity.Name)))
        {
            var rows = await link.LoadAsync(platform, subject, track: true, ct);
            platform.RemoveRange(rows);
            count += rows.Count;
        }

        await platform.SaveChangesAsync(ct);
        return count;
    }

    private static bool KeptRowsPointAtThePerson(AdminDbContext db, IReadOnlySet<string> excepted) =>
        excepted.Any(entity => db.Model.GetEntityTypes().Any(t => t.ClrType.Name == entity && t.GetForeignKeys().Any(f => f.PrincipalEntityType.ClrType == typeof(Employee) && f.DeleteBehavior != DeleteBehavior.SetNull)));

    /// <summary>Empties every marked field and cuts every link to the subject.</summary>
    private static void Anonymise(IEntityType type, object row, Guid subjectId)
    {
        foreach (var property in type.GetProperties())
        {
            var setter = property.PropertyInfo;
            if (setter is null || !setter.CanWrite)
            {
                continue;
            }

            if (PersonalDataCatalog.IsPersonal(property))
            {
                setter.SetValue(row, property.IsNullable ? null : property.ClrType == typeof(string) ? "" : Activator.CreateInstance(property.ClrType));
            }
            else if (property.IsForeignKey() && property.GetContainingForeignKeys().Any(f => f.PrincipalEntityType.ClrType == typeof(Employee))
                     && setter.GetValue(row) is Guid id && id == subjectId && property.IsNullable)
            {
                setter.SetValue(row, null);
            }
        }
    }

    /// <summary>
    /// A booking keeps its space, times and status; the people in it who are the subject become the stand-in, and
    /// the booking's own text is emptied when it was the subject's booking.
    /// </summary>
    private static void AnonymiseReservation(IEntityType type, Reservation reservation, Guid subjectId, Guid placeholder)
    {
        if (reservation.HolderId == subjectId || reservation.BeneficiaryId == subjectId)
        {
            foreach (var property in type.GetProperties().Where(PersonalDataCatalog.IsPersonal))
            {
                property.PropertyInfo!.SetValue(reservation, null);
            }
        }

        if (reservation.HolderId == subjectId) reservation.HolderId = placeholder;
        if (reservation.BeneficiaryId == subjectId) reservation.BeneficiaryId = placeholder;
        if (reservation.CreatedById == subjectId) reservation.CreatedById = placeholder;
        if (reservation.DecidedById == subjectId) reservation.DecidedById = placeholder;
    }

    /// <summary>The customer's stand-in for erased people, created at the first erasure: deactivated, with no identity.</summary>
    public static async Task<Guid> PlaceholderAsync(AdminDbContext db, CancellationToken ct)
    {
        var normalized = Employee.NormalizeEmail(PlaceholderEmail);
        var existing = await db.Employees.Where(e => e.NormalizedEmail == normalized).Select(e => (Guid?)e.Id).SingleOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return id;
        }

        var placeholder = new Employee { FirstName = "—", LastName = "—", Email = PlaceholderEmail, Status = EmployeeStatus.Deactivated };
        db.Employees.Add(placeholder);
        await db.SaveChangesAsync(ct);
        return placeholder.Id;
    }
}
