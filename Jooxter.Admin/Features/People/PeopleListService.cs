using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People;

public enum PeopleListKind
{
    Departments,
    UserGroups,
    Companies,
    Profiles,
}

public sealed record ListEntry(Guid Id, string Name, int Members, Guid Version = default);

public sealed record MemberRow(Guid EmployeeId, string Name, string Email);

/// <summary>Departments, user groups, companies and profiles as managed lists; group membership from the group's side.</summary>
public sealed class PeopleListService(AdminDatabase database, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<ListEntry>> ListAsync(PeopleListKind kind, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        return kind switch
        {
            PeopleListKind.Departments => await db.Departments.OrderBy(x => x.Name).Select(x => new ListEntry(x.Id, x.Name, db.Employees.Count(e => e.DepartmentId == x.Id), x.Version)).ToListAsync(ct),
            PeopleListKind.UserGroups => await db.UserGroups.OrderBy(x => x.Name).Select(x => new ListEntry(x.Id, x.Name, db.UserGroupMembers.Count(m => m.UserGroupId == x.Id), x.Version)).ToListAsync(ct),
            PeopleListKind.Companies => await db.Companies.OrderBy(x => x.Name).Select(x => new ListEntry(x.Id, x.Name, db.Employees.Count(e => e.CompanyId == x.Id), x.Version)).ToListAsync(ct),
            _ => await db.Profiles.OrderBy(x => x.Name).Select(x => new ListEntry(x.Id, x.Name, db.Employees.Count(e => e.ProfileId == x.Id), x.Version)).ToListAsync(ct),
        };
    }

    /// <summary>Adds an entry, or renames one (naming the <paramref name="version"/> it was read with: see <see cref="Concurrency"/>).</summary>
    public async Task<OperationResult> SaveAsync(PeopleListKind kind, Guid? id, string name, Guid? version = null, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        name = name.Trim();
        if (name.Length == 0)
        {
            return OperationResult.Fail("Name", "Validation.Required");
        }

        if (name.Length > 150)
        {
            return OperationResult.Fail("Name", "Validation.TooLong");
        }

        await using var db = await database.OpenAsync();
        var existing = kind switch
        {
            PeopleListKind.Departments => (await db.Departments.Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name)),
            PeopleListKind.UserGroups => (await db.UserGroups.Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name)),
            PeopleListKind.Companies => (await db.Companies.Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name)),
            _ => (await db.Profiles.Select(x => new { x.Id, x.Name }).ToListAsync(ct)).Select(x => (x.Id, x.Name)),
        };
        if (Names.Collides(existing.Where(x => x.Id != id).Select(x => x.Name), name))
        {
            return OperationResult.Fail("Name", "Lists.NameTaken");
        }

        if (id is null)
        {
            switch (kind)
            {
                case PeopleListKind.Departments: db.Departments.Add(new Department { Name = name }); break;
                case PeopleListKind.UserGroups: db.UserGroups.Add(new UserGroup { Name = name }); break;
                case PeopleListKind.Companies: db.Companies.Add(new Company { Name = name }); break;
                default: db.Profiles.Add(new Profile { Name = name }); break;
            }
        }
        else
        {
            TenantEntity? entity = kind switch
            {
                PeopleListKind.Departments => await db.Departments.SingleOrDefaultAsync(x => x.Id == id, ct),
                PeopleListKind.UserGroups => await db.UserGroups.SingleOrDefaultAsync(x => x.Id == id, ct),
                PeopleListKind.Companies => await db.Companies.SingleOrDefaultAsync(x => x.Id == id, ct),
                _ => await db.Profiles.SingleOrDefaultAsync(x => x.Id == id, ct),
            };
            if (entity is not null)
            {
                Concurrency.Expect(db, entity, version);
            }

            switch (entity)
            {
                case Department d: d.Name = name; break;
                case UserGroup g: g.Name = name; break;
                case Company c: c.Name = name; break;
                case Profile p: p.Name = name; break;
                default: return OperationResult.NotFound();
            }
        }

        return await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>Removes an entry; employees keep their record and simply lose the reference (group memberships go with the group).</summary>
    public async Task<OperationResult> DeleteAsync(PeopleListKind kind, Guid id, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        var exists = kind switch
        {
            PeopleListKind.Departments => await db.Departments.AnyAsync(x => x.Id == id, ct),
            PeopleListKind.UserGroups => await db.UserGroups.AnyAsync(x => x.Id == id, ct),
            PeopleListKind.Companies => await db.Companies.AnyAsync(x => x.Id == id, ct),
            _ => await db.Profiles.AnyAsync(x => x.Id == id, ct),
        };
        if (!exists)
        {
            return OperationResult.NotFound();
        }

        switch (kind)
        {
            case PeopleListKind.Departments:
                foreach (var e in await db.Employees.Where(e => e.DepartmentId == id).ToListAsync(ct)) e.DepartmentId = null;
                db.Departments.RemoveRange(await db.Departments.Where(x => x.Id == id).ToListAsync(ct));
                break;
            case PeopleListKind.UserGroups:
                // A group that scopes someone's console role stays until an administrator re-scopes or revokes that role:
                // deleting it would silently take away (or widen) what the role holder manages.
                var dependents = await db.RoleAssignments.Where(r => r.ScopeKind == ScopeKind.UserGroup && r.ScopeId == id)
                    .Join(db.Employees, r => r.EmployeeId, e => e.Id, (r, e) => new { e.FirstName, e.LastName, r.Role })
                    .ToListAsync(ct);
                if (dependents.Count > 0)
                {
                    return new OperationResult([new OperationError("", "Lists.GroupScopesRoles", string.Join(", ", dependents.Select(d => $"{d.FirstName} {d.LastName} ({d.Role})")))]);
                }

                db.UserGroupMembers.RemoveRange(await db.UserGroupMembers.Where(m => m.UserGroupId == id).ToListAsync(ct));
                // Booking rules that named the group must not keep a dangling reference (a "hidden except" rule would hide the space from all).
                foreach (var policy in (await db.BookingPolicies.ToListAsync(ct)).Where(p => p.AudienceGroupIds.Contains(id)))
                {
                    policy.AudienceGroupIds = policy.AudienceGroupIds.Where(g => g != id).ToList();
                    if (policy.AudienceGroupIds.Count == 0)
                    {
                        policy.Audience = null;
                    }
                }

                db.UserGroups.RemoveRange(await db.UserGroups.Where(x => x.Id == id).ToListAsync(ct));
                break;
            case PeopleListKind.Companies:
                foreach (var e in await db.Employees.Where(e => e.CompanyId == id).ToListAsync(ct)) e.CompanyId = null;
                db.Companies.RemoveRange(await db.Companies.Where(x => x.Id == id).ToListAsync(ct));
                break;
            default:
                foreach (var e in await db.Employees.Where(e => e.ProfileId == id).ToListAsync(ct)) e.ProfileId = null;
                db.Profiles.RemoveRange(await db.Profiles.Where(x => x.Id == id).ToListAsync(ct));
                break;
        }

        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<IReadOnlyList<MemberRow>> MembersAsync(Guid groupId, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        return await db.UserGroupMembers.Where(m => m.UserGroupId == groupId)
            .Join(db.Employees, m => m.EmployeeId, e => e.Id, (m, e) => new MemberRow(e.Id, e.FirstName + " " + e.LastName, e.Email))
            .OrderBy(m => m.Name)
            .ToListAsync(ct);
    }

    public async Task<OperationResult> AddMemberAsync(Guid groupId, string email, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        var normalized = Employee.NormalizeEmail(email);
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.NormalizedEmail == normalized, ct);
        if (employee is null || !await db.UserGroups.AnyAsync(g => g.Id == groupId, ct))
        {
            return OperationResult.Fail("Email", "People.NotFound");
        }

        if (!await db.UserGroupMembers.AnyAsync(m => m.UserGroupId == groupId && m.EmployeeId == employee.Id, ct))
        {
            db.UserGroupMembers.Add(new UserGroupMember { UserGroupId = groupId, EmployeeId = employee.Id });
            await db.SaveChangesAsync(ct);
        }

        return OperationResult.Ok;
    }

    public async Task RemoveMemberAsync(Guid groupId, Guid employeeId, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        db.UserGroupMembers.RemoveRange(await db.UserGroupMembers.Where(m => m.UserGroupId == groupId && m.EmployeeId == employeeId).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }
}
