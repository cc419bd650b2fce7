using Jooxter.Admin.Infrastructure.Security;

namespace Jooxter.Admin.Data;

/// <summary>
/// Whose data a context may see and change, and who is acting. A restricted scope sees only its tenant's rows
/// (the query filter) and may write only its tenant's rows (checked on save). An unrestricted scope is for
/// the platform itself: seeding, sign-in resolution, tenant management and the command line.
/// </summary>
public sealed record DataScope(Guid? TenantId, bool Unrestricted, Guid? ActorId, string Channel)
{
    public static DataScope ForUser(UserContext user) => new(user.TenantId, false, user.EmployeeId, "console");

    public static DataScope ForTenant(Guid tenantId, Guid? actorId, string channel) => new(tenantId, false, actorId, channel);

    public static DataScope System(string channel, Guid? actorId = null) => new(null, true, actorId, channel);
}

/// <summary>Raised when a write would touch another customer's data.</summary>
public sealed class TenantIsolationException(string message) : InvalidOperationException(message);
