using System.Security.Claims;
using Jooxter.Admin.Features.People;

namespace Jooxter.Admin.Infrastructure.Security;

public sealed record AccessScope(ScopeKind Kind, Guid Id)
{
    public override string ToString() => $"{Kind}:{Id}";

    public static AccessScope? Parse(string value)
    {
        var parts = value.Split(':', 2);
        return parts.Length == 2 && Enum.TryParse<ScopeKind>(parts[0], out var kind) && Guid.TryParse(parts[1], out var id)
            ? new AccessScope(kind, id)
            : null;
    }
}

/// <summary>Who is calling: read from the signed-in principal, used by services to decide.</summary>
public sealed class UserContext
{
    public static readonly UserContext Anonymous = new(null, null, "", "", [], []);

    public UserContext(Guid? employeeId, Guid? tenantId, string tenantName, string displayName, IReadOnlyCollection<Role> roles, IReadOnlyCollection<AccessScope> scopes)
    {
        EmployeeId = employeeId;
        TenantId = tenantId;
        TenantName = tenantName;
        DisplayName = displayName;
        Roles = roles;
        Scopes = scopes;
    }

    public Guid? EmployeeId { get; }

    public Guid? TenantId { get; }

    public string TenantName { get; }

    public string DisplayName { get; }

    public IReadOnlyCollection<Role> Roles { get; }

    /// <summary>Areas or groups a space manager is limited to. Empty for unscoped roles.</summary>
    public IReadOnlyCollection<AccessScope> Scopes { get; }

    public bool IsAuthenticated => EmployeeId is not null && TenantId is not null;

    public bool Can(Capability capability) => IsAuthenticated && Capabilities.Allows(capability, Roles);

    /// <summary>Throws <see cref="AccessDeniedException"/> unless the caller holds the capability.</summary>
    public void Demand(Capability capability)
    {
        if (!Can(capability))
        {
            throw new AccessDeniedException(capability);
        }
    }

    /// <summary>
    /// True when the caller books for others only as an assistant: limited to the people of their groups (and
    /// themself), deciding nothing for any place.
    /// </summary>
    public bool IsAssistantOnly =>
        Roles.Contains(Role.Assistant) && !Roles.Any(r => r is Role.TenantAdministrator or Role.FacilityManager or Role.SpaceManager or Role.Auditor);

    /// <summary>
    /// True when the caller's rights over places are limited to scopes: a space manager without any
    /// unscoped place-managing role.
    /// </summary>
    /// <remarks>
    /// The auditor role does not lift the limit: it reads, while the space manager role is what lets this person change
    /// places, so a space manager who is also an auditor stays limited to their areas.
    /// </remarks>
    public bool IsScopedToAreas =>
        Roles.Contains(Role.SpaceManager) && !Roles.Any(r => r is Role.TenantAdministrator or Role.FacilityManager);

    public static UserContext FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        Guid? employeeId = Guid.TryParse(principal.FindFirstValue(JooxterClaims.EmployeeId), out var e) ? e : null;
        Guid? tenantId = Guid.TryParse(principal.FindFirstValue(JooxterClaims.TenantId), out var t) ? t : null;
        var roles = principal.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<Role>(c.Value, out var r) ? r : (Role?)null)
            .OfType<Role>()
            .ToHashSet();
        var scopes = principal.FindAll(JooxterClaims.Scope).Select(c => AccessScope.Parse(c.Value)).OfType<AccessScope>().ToList();
        return new UserContext(employeeId, tenantId, principal.FindFirstValue(JooxterClaims.TenantName) ?? "", principal.FindFirstValue(ClaimTypes.Name) ?? "", roles, scopes);
    }
}

public static class JooxterClaims
{
    public const string EmployeeId = "jx:employee";
    public const string TenantId = "jx:tenant";
    public const string TenantName = "jx:tenant_name";
    public const string Scope = "jx:scope";
    public const string Language = "jx:lang";
    public const string ValidatedAt = "jx:validated_at";
    public const string SignedInAt = "jx:signed_in_at";
}

public sealed class AccessDeniedException(Capability capability)
    : Exception($"The caller lacks the capability {capability}.")
{
    public Capability Capability { get; } = capability;
}
