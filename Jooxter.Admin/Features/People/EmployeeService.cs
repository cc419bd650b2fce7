using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Localization;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People;

/// <summary>The employee form's values. A null <see cref="Id"/> means a new employee.</summary>
public sealed class EmployeeForm
{
    public Guid? Id { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Language { get; set; } = "fr";

    public string? Phone { get; set; }

    public Guid? CompanyId { get; set; }

    public Guid? BuildingId { get; set; }

    public Guid? DepartmentId { get; set; }

    public Guid? ProfileId { get; set; }

    public IReadOnlyCollection<Guid> GroupIds { get; set; } = [];

    public EmployeeStatus Status { get; set; } = EmployeeStatus.Active;

    public bool HasPhoto { get; set; }

    /// <summary>The concurrency stamp read with the record; a save with a stale stamp is refused.</summary>
    public Guid? Version { get; set; }
}

public sealed record NamedItem(Guid Id, string Name);

public sealed record PeopleLists(IReadOnlyList<NamedItem> Companies, IReadOnlyList<NamedItem> Buildings, IReadOnlyList<NamedItem> Departments, IReadOnlyList<NamedItem> Groups, IReadOnlyList<NamedItem> Profiles);


/// <summary>Reads and changes one employee of the caller's organisation, with the same rules as the import.</summary>
public sealed class EmployeeService(AdminDatabase database, CurrentUser currentUser, TimeProvider clock)
{
    public async Task<EmployeeForm?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        var e = await db.Employees.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null)
        {
            return null;
        }

        return new EmployeeForm
        {
            Id = e.Id,
            FirstName = e.FirstName,
            LastName = e.LastName,
            Email = e.Email,
            Language = e.Language,
            Phone = e.Phone,
            CompanyId = e.CompanyId,
            BuildingId = e.HomeBuildingId,
            DepartmentId = e.DepartmentId,
            ProfileId = e.ProfileId,
            Status = e.Status,
            Version = e.Version,
            HasPhoto = await db.EmployeePhotos.AnyAsync(p => p.EmployeeId == id, ct),
            GroupIds = await db.UserGroupMembers.Where(m => m.EmployeeId == id).Select(m => m.UserGroupId).ToListAsync(ct),
        };
    }

    public async Task<PeopleLists> GetListsAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        return new PeopleLists(
            await db.Companies.OrderBy(x => x.Name).Select(x => new NamedItem(x.Id, x.Name)).ToListAsync(ct),
            await db.Buildings.Where(b => !b.IsArchived).OrderBy(x => x.Name).Select(x => new NamedItem(x.Id, x.Name)).ToListAsync(ct),
            await db.Departments.OrderBy(x => x.Name).Select(x => new NamedItem(x.Id, x.Name)).ToListAsync(ct),
            await db.UserGroups.OrderBy(x => x.Name).Select(x => new NamedItem(x.Id, x.Name)).ToListAsync(ct),
            await db.Profiles.OrderBy(x => x.Name).Select(x => new NamedItem(x.Id, x.Name)).ToListAsync(ct));
    }

    /// <summary>Field rules shared with the import: required names, e-mail format, international phone, supported language.</summary>
    public static (OperationResult Result, string? Phone) Validate(EmployeeForm form, string countryCode)
    {
        var errors = new List<OperationError>();
        if (string.IsNullOrWhiteSpace(form.FirstName)) errors.Add(new(nameof(form.FirstName), "Validation.Required"));
        if (string.IsNullOrWhiteSpace(form.LastName)) errors.Add(new(nameof(form.LastName), "Validation.Required"));
        if (form.FirstName.Trim().Length > 100) errors.Add(new(nameof(form.FirstName), "Validation.TooLong"));
        if (form.LastName.Trim().Length > 100) errors.Add(new(nameof(form.LastName), "Validation.TooLong"));
        if (string.IsNullOrWhiteSpace(form.Email)) errors.Add(new(nameof(form.Email), "Validation.Required"));
        else if (!Shared.EmailAddresses.IsValid(form.Email.Trim())) errors.Add(new(nameof(form.Email), "People.InvalidEmail"));
        if (!CultureSetup.SupportedLanguages.Contains(form.Language)) errors.Add(new(nameof(form.Language), "People.InvalidLanguage"));
        var (phone, phoneOk) = ImportValues.NormalizePhone(form.Phone ?? "", countryCode);
        if (!phoneOk) errors.Add(new(nameof(form.Phone), "People.InvalidPhone"));
        return (new OperationResult(errors), phone);
    }

    public async Task<SaveResult> SaveAsync(EmployeeForm form, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == user.TenantId, ct);
        var (validation, phone) = Validate(form, tenant.CountryCode);
        if (!validation.Succeeded)
        {
            return new SaveResult(validation, form.Id);
        }

        var normalized = Employee.NormalizeEmail(form.Email);
        if (await db.Employees.AnyAsync(e => e.NormalizedEmail == normalized && e.Id != form.Id, ct))
        {
            return new SaveResult(OperationResult.Fail(nameof(form.Email), "People.EmailTaken"), form.Id);
        }

        // References must be this organisation's own (the query filter hides everything else).
        if (!await ReferencesExistAsync(db, form, ct))
        {
            return new SaveResult(OperationResult.Fail("", "People.UnknownReference"), form.Id);
        }

        Employee employee;
        if (form.Id is null)
        {
            employee = new Employee { FirstName = "", LastName = "", Email = "" };
            db.Employees.Add(employee);
        }
        else
        {
            var found = await db.Employees.SingleOrDefaultAsync(e => e.Id == form.Id, ct);
            if (found is null)
            {
                return new SaveResult(OperationResult.Fail("", "People.NotFound"), form.Id);
            }

            employee = found;
            Concurrency.Expect(db, employee, form.Version);

            // The e-mail is how a person signs in: only an administrator may change it for someone who holds a console role.
            if (!string.Equals(Employee.NormalizeEmail(found.Email), normalized, StringComparison.Ordinal) && !user.Can(Capability.ManageSettings)
                && await db.RoleAssignments.AnyAsync(r => r.EmployeeId == found.Id, ct))
            {
                return new SaveResult(OperationResult.Fail(nameof(form.Email), "People.RoleHolderProtected"), form.Id);
            }
        }

        employee.FirstName = form.FirstName.Trim();
        employee.LastName = form.LastName.Trim();
        employee.Email = form.Email.Trim();
        employee.Language = form.Language;
        employee.Phone = phone;
        employee.CompanyId = form.CompanyId;
        employee.HomeBuildingId = form.BuildingId;
        employee.DepartmentId = form.DepartmentId;
        employee.ProfileId = form.ProfileId;

        var wanted = form.GroupIds.ToHashSet();
        var current = await db.UserGroupMembers.Where(m => m.EmployeeId == employee.Id).ToListAsync(ct);
        db.UserGroupMembers.RemoveRange(current.Where(m => !wanted.Contains(m.UserGroupId)));
        foreach (var groupId in wanted.Except(current.Select(m => m.UserGroupId)))
        {
            db.UserGroupMembers.Add(new UserGroupMember { UserGroupId = groupId, EmployeeId = employee.Id });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(Concurrency.Conflict, form.Id);
        }
        catch (DbUpdateException)
        {
            // The unique index caught an e-mail taken meanwhile.
            return new SaveResult(OperationResult.Fail(nameof(form.Email), "People.EmailTaken"), form.Id);
        }

        return new SaveResult(OperationResult.Ok, employee.Id);
    }

    /// <summary>Deactivated employees cannot sign in (their open sessions end at the next check); reactivation restores access.</summary>
    public async Task<OperationResult> SetStatusAsync(Guid id, EmployeeStatus status, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePeople);
        if (id == user.EmployeeId && status == EmployeeStatus.Deactivated)
        {
            return OperationResult.Fail("", "People.CannotDeactivateSelf");
        }

        await using var db = await database.OpenAsync();
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (employee is null)
        {
            return OperationResult.Fail("", "People.NotFound");
        }

        // Whoever holds a console role is changed by an administrator only, in either direction: HR reactivating a
        // former administrator would hand back console access that HR cannot grant.
        var roles = await db.RoleAssignments.Where(r => r.EmployeeId == id).Select(r => r.Role).ToListAsync(ct);
        if (roles.Count > 0 && !user.Can(Capability.ManageSettings))
        {
            return OperationResult.Fail("", "People.RoleHolderProtected");
        }

        if (status == EmployeeStatus.Active)
        {
            employee.Reactivate();
        }
        else
        {
            if (roles.Contains(Role.TenantAdministrator) && !await OtherActiveAdministratorAsync(db, id, ct))
            {
                return OperationResult.Fail("", "Roles.LastAdministrator");
            }

            employee.Deactivate();
        }

        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<PhotoProblem?> SetPhotoAsync(Guid id, byte[] upload, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        var (jpeg, problem) = await Task.Run(() => PhotoProcessor.Normalize(upload), ct);
        if (jpeg is null)
        {
            return problem;
        }

        await using var db = await database.OpenAsync();
        if (!await db.Employees.AnyAsync(e => e.Id == id, ct))
        {
            return PhotoProblem.Unreadable;
        }

        var photo = await db.EmployeePhotos.SingleOrDefaultAsync(p => p.EmployeeId == id, ct);
        if (photo is null)
        {
            db.EmployeePhotos.Add(new EmployeePhoto { EmployeeId = id, ContentType = "image/jpeg", Content = jpeg, UpdatedAtUtc = clock.GetUtcNow().UtcDateTime });
        }
        else
        {
            photo.Content = jpeg;
            photo.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task RemovePhotoAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        // Tracked removal, so the audit trail records it.
        db.EmployeePhotos.RemoveRange(await db.EmployeePhotos.Where(p => p.EmployeeId == id).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The photo, only from the caller's organisation: another customer's id finds nothing.</summary>
    public async Task<(byte[] Content, string ContentType)?> GetPhotoAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        var photo = await db.EmployeePhotos.AsNoTracking().SingleOrDefaultAsync(p => p.EmployeeId == id, ct);
        return photo is null ? null : (photo.Content, photo.ContentType);
    }

    internal static Task<bool> OtherActiveAdministratorAsync(AdminDbContext db, Guid exceptEmployeeId, CancellationToken ct) =>
        db.RoleAssignments.Where(r => r.Role == Role.TenantAdministrator && r.EmployeeId != exceptEmployeeId)
            .Join(db.Employees.Where(e => e.Status == EmployeeStatus.Active), r => r.EmployeeId, e => e.Id, (r, e) => e.Id)
            .AnyAsync(ct);

    private static async Task<bool> ReferencesExistAsync(AdminDbContext db, EmployeeForm form, CancellationToken ct)
    {
        var groups = form.GroupIds.ToList();
        return (form.CompanyId is not { } c || await db.Companies.AnyAsync(x => x.Id == c, ct))
            && (form.BuildingId is not { } b || await db.Buildings.AnyAsync(x => x.Id == b, ct))
            && (form.DepartmentId is not { } d || await db.Departments.AnyAsync(x => x.Id == d, ct))
            && (form.ProfileId is not { } p || await db.Profiles.AnyAsync(x => x.Id == p, ct))
            && await db.UserGroups.CountAsync(g => groups.Contains(g.Id), ct) == groups.Count;
    }
}
