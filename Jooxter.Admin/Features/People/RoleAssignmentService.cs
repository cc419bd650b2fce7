using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People;

public sealed record RoleRow(Guid Id, Role Role, ScopeKind ScopeKind, Guid? ScopeId, string? ScopeName);

public sealed record ScopeOption(ScopeKind Kind, Guid Id, string Name);

/// <summary>
/// Gives and takes console roles. Only tenant administrators may: a role is access to personal data. A space manager's
/// role is limited to a building, floor, zone or group of collaborators; other roles cover the whole organisation.
/// The platform-operator role is never given from here.
/// </summary>
public sealed class RoleAssignmentService(AdminDatabase database, CurrentUser currentUser)
{
    public static readonly Role[] Assignable = [Role.TenantAdministrator, Role.FacilityManager, Role.HrAdministrator, Role.DataProtectionOfficer, Role.SpaceManager, Role.Auditor, Role.Assistant];

    /// <summary>Roles that are always given within a scope: a space manager's areas or groups, an assistant's groups.</summary>
    public static bool IsScoped(Role role) => role is Role.SpaceManager or Role.Assistant;

    public async Task<IReadOnlyList<RoleRow>> ListAsync(Guid employeeId, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        await using var db = await database.OpenAsync();
        var scopes = (await ScopeOptionsAsync(db, ct)).ToDictionary(s => (s.Kind, s.Id), s => s.Name);
        return (await db.RoleAssignments.AsNoTracking().Where(r => r.EmployeeId == employeeId).ToListAsync(ct))
            .OrderBy(r => r.Role)
            .Select(r => new RoleRow(r.Id, r.Role, r.ScopeKind, r.ScopeId, r.ScopeId is { } id ? scopes.GetValueOrDefault((r.ScopeKind, id)) : null))
            .ToList();
    }

    public async Task<IReadOnlyList<ScopeOption>> ScopeOptionsAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        return await ScopeOptionsAsync(db, ct);
    }

    private static async Task<List<ScopeOption>> ScopeOptionsAsync(AdminDbContext db, CancellationToken ct)
    {
        var buildings = await db.Buildings.Where(b => !b.IsArchived).Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        var floors = await db.Floors.Where(f => !f.IsArchived).Select(f => new { f.Id, f.Name, f.BuildingId, f.Level }).ToListAsync(ct);
        var zones = await db.Zones.Where(z => !z.IsArchived).Select(z => new { z.Id, z.Name, z.FloorId }).ToListAsync(ct);
        var groups = await db.UserGroups.Select(g => new { g.Id, g.Name }).ToListAsync(ct);
        var buildingNames = buildings.ToDictionary(b => b.Id, b => b.Name);
        var floorNames = floors.ToDictionary(f => f.Id, f => $"{buildingNames.GetValueOrDefault(f.BuildingId)} › {f.Name}");
        return buildings.OrderBy(b => b.Name).Select(b => new ScopeOption(ScopeKind.Building, b.Id, b.Name))
            .Concat(floors.OrderBy(f => floorNames[f.Id]).ThenBy(f => f.Level).Select(f => new ScopeOption(ScopeKind.Floor, f.Id, floorNames[f.Id])))
            .Concat(zones.Select(z => new ScopeOption(ScopeKind.Zone, z.Id, $"{floorNames.GetValueOrDefault(z.FloorId)} › {z.Name}")).OrderBy(z => z.Name))
            .Concat(groups.OrderBy(g => g.Name).Select(g => new ScopeOption(ScopeKind.UserGroup, g.Id, g.Name)))
            .ToList();
    }

    public async Task<OperationResult> AssignAsync(Guid employeeId, Role role, ScopeKind scopeKind, Guid? scopeId, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManageSettings);
        if (!Assignable.Contains(role))
        {
            return OperationResult.Fail("Role", "Roles.NotAssignable");
        }

        var scoped = IsScoped(role);
        if (scoped != (scopeKind != ScopeKind.Tenant) || scoped != scopeId.HasValue)
        {
            return OperationResult.Fail("Scope", scoped ? "Roles.ScopeRequired" : "Roles.NoScope");
        }

        if (role == Role.Assistant && scopeKind != ScopeKind.UserGroup)
        {
            return OperationResult.Fail("Scope", "Roles.AssistantGroupsOnly");
        }

        await using var db = await database.OpenAsync();
        if (!await db.Employees.AnyAsync(e => e.Id == employeeId, ct))
        {
            return OperationResult.Fail("", "People.NotFound");
        }

        if (scoped && !(await ScopeOptionsAsync(db, ct)).Any(s => s.Kind == scopeKind && s.Id == scopeId))
        {
            return OperationResult.Fail("Scope", "People.UnknownReference");
        }

        if (await db.RoleAssignments.AnyAsync(r => r.EmployeeId == employeeId && r.Role == role && r.ScopeKind == scopeKind && r.ScopeId == scopeId, ct))
        {
            return OperationResult.Fail("Role", "Roles.AlreadyGiven");
        }

        db.RoleAssignments.Add(new RoleAssignment { EmployeeId = employeeId, Role = role, ScopeKind = scopeKind, ScopeId = scopeId });
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> RevokeAsync(Guid assignmentId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageSettings);
        await using var db = await database.OpenAsync();
        var assignment = await db.RoleAssignments.SingleOrDefaultAsync(r => r.Id == assignmentId, ct);
        if (assignment is null)
        {
            return OperationResult.Fail("", "People.NotFound");
        }

        // An administrator cannot remove their own last administrator role and lock the organisation out.
        if (assignment.Role == Role.TenantAdministrator && !await EmployeeService.OtherActiveAdministratorAsync(db, assignment.EmployeeId, ct))
        {
            return OperationResult.Fail("Role", "Roles.LastAdministrator");
        }

        db.RoleAssignments.Remove(assignment);
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }
}
