using Jooxter.Admin.Data;
using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Features.People;

public enum ScopeKind
{
    /// <summary>The whole customer company.</summary>
    Tenant,
    Building,
    Floor,
    Zone,
    UserGroup,
}

/// <summary>A role given to an employee, optionally limited to one area or one group of collaborators.</summary>
public sealed class RoleAssignment : TenantEntity
{
    public Guid EmployeeId { get; set; }

    public Role Role { get; set; }

    public ScopeKind ScopeKind { get; set; } = ScopeKind.Tenant;

    public Guid? ScopeId { get; set; }
}
