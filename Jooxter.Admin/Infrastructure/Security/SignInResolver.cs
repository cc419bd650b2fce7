using System.Security.Claims;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Infrastructure.Security;

/// <summary>Why an identity was not let in. Shown to the person as a clear page; recorded without names in logs.</summary>
public enum SignInRefusal
{
    UnknownIdentity,
    Deactivated,
    OrganisationInactive,
    NoConsoleRole,
    Ambiguous,
}

public sealed record SignInOutcome(ClaimsPrincipal? Principal, SignInRefusal? Refusal, string? Language)
{
    public bool Succeeded => Principal is not null;
}

/// <summary>
/// Matches a signed-in identity to an active employee of a customer (by directory object id, then by professional
/// e-mail) and builds the console's principal: tenant, employee, roles and scopes. Anyone else is refused.
/// </summary>
public sealed partial class SignInResolver(AdminDatabase database, TimeProvider clock, IOptions<AuthenticationSettings> settings, ILogger<SignInResolver> logger)
{
    public const string AuthenticationType = "Jooxter";

    public async Task<SignInOutcome> ResolveAsync(string provider, string? objectId, string? email, IEnumerable<Claim> providerClaims, CancellationToken ct = default)
    {
        await using var db = database.OpenSystem("signin");
        var candidates = new List<Employee>();
        if (!string.IsNullOrWhiteSpace(objectId))
        {
            candidates = await db.Employees.Where(e => e.DirectoryObjectId == objectId).ToListAsync(ct);
        }

        var matchedByEmail = false;
        if (candidates.Count == 0 && !string.IsNullOrWhiteSpace(email))
        {
            var normalized = Employee.NormalizeEmail(email);
            candidates = await db.Employees.Where(e => e.NormalizedEmail == normalized).ToListAsync(ct);
            matchedByEmail = true;
        }

        var refusal = candidates.Count switch
        {
            0 => SignInRefusal.UnknownIdentity,
            _ when candidates.All(c => c.Status != EmployeeStatus.Active) => SignInRefusal.Deactivated,
            _ when candidates.Count(c => c.Status == EmployeeStatus.Active) > 1 => SignInRefusal.Ambiguous,
            _ => (SignInRefusal?)null,
        };
        if (refusal is not null)
        {
            return await RefuseAsync(db, provider, objectId, email, refusal.Value, ct);
        }

        var employee = candidates.Single(c => c.Status == EmployeeStatus.Active);
        if (matchedByEmail && !string.IsNullOrWhiteSpace(objectId) && employee.DirectoryObjectId is { } bound && !string.Equals(bound, objectId, StringComparison.OrdinalIgnoreCase))
        {
            // The record is bound to another directory identity: an e-mail that now points elsewhere does not transfer the account.
            return await RefuseAsync(db, provider, objectId, email, SignInRefusal.Ambiguous, ct);
        }

        var mappedRoles = MapProviderRoles(providerClaims);
        var principal = await BuildPrincipalAsync(db, employee, mappedRoles, ct);
        if (principal.Refusal is not null)
        {
            return await RefuseAsync(db, provider, objectId, email, principal.Refusal.Value, ct);
        }

        if (matchedByEmail && !string.IsNullOrWhiteSpace(objectId) && employee.DirectoryObjectId is null)
        {
            // Bind the directory identity on first sign-in, so a later e-mail change does not lock the person out.
            await using var tenantDb = database.OpenForTenant(employee.TenantId, employee.Id, "signin");
            var tracked = await tenantDb.Employees.SingleAsync(e => e.Id == employee.Id, ct);
            tracked.DirectoryObjectId = objectId;
            await tenantDb.SaveChangesAsync(ct);
        }

        LogSignedIn(logger, provider, employee.TenantId);
        return new SignInOutcome(principal.Principal, null, employee.Language);
    }

    /// <summary>Rebuilds the principal of a signed-in session from the current employee record, or null if they may no longer get in.</summary>
    public async Task<ClaimsPrincipal?> RevalidateAsync(ClaimsPrincipal current, CancellationToken ct = default)
    {
        if (!Guid.TryParse(current.FindFirstValue(JooxterClaims.EmployeeId), out var employeeId))
        {
            return null;
        }

        await using var db = database.OpenSystem("signin");
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is not { Status: EmployeeStatus.Active })
        {
            return null;
        }

        var mapped = current.FindAll(MappedRoleClaim).Select(c => Enum.TryParse<Role>(c.Value, out var r) ? r : (Role?)null).OfType<Role>().ToHashSet();
        var rebuilt = await BuildPrincipalAsync(db, employee, mapped, ct);
        return rebuilt.Principal;
    }

    private const string MappedRoleClaim = "jx:mapped_role";

    private HashSet<Role> MapProviderRoles(IEnumerable<Claim> claims)
    {
        var list = claims.ToList();
        return settings.Value.RoleMappings
            .Where(m => list.Any(c => ClaimTypeMatches(c.Type, m.ClaimType) && string.Equals(c.Value, m.Value, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.Role)
            .ToHashSet();
    }

    /// <summary>"roles" also matches the role claim type that inbound claim mapping turns it into.</summary>
    private static bool ClaimTypeMatches(string actual, string configured) =>
        string.Equals(actual, configured, StringComparison.Ordinal)
        || actual.EndsWith("/" + configured, StringComparison.Ordinal)
        || (configured is "roles" or "role" && actual == ClaimTypes.Role);

    private async Task<(ClaimsPrincipal? Principal, SignInRefusal? Refusal)> BuildPrincipalAsync(AdminDbContext db, Employee employee, HashSet<Role> mappedRoles, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Id == employee.TenantId, ct);
        if (!tenant.AllowsSignIn(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)))
        {
            return (null, SignInRefusal.OrganisationInactive);
        }

        var assignments = await db.RoleAssignments.Where(r => r.EmployeeId == employee.Id).ToListAsync(ct);
        var roles = assignments.Select(a => a.Role).Concat(mappedRoles).ToHashSet();
        if (!tenant.IsOperator)
        {
            // Only the platform's own organisation may operate the platform, whatever a provider's claims say.
            roles.Remove(Role.PlatformOperator);
        }

        if (roles.Count == 0)
        {
            return (null, SignInRefusal.NoConsoleRole);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, employee.Id.ToString()),
            new(JooxterClaims.EmployeeId, employee.Id.ToString()),
            new(JooxterClaims.TenantId, tenant.Id.ToString()),
            new(JooxterClaims.TenantName, tenant.Name),
            new(ClaimTypes.Name, employee.DisplayName),
            new(JooxterClaims.Language, employee.Language),
            new(JooxterClaims.ValidatedAt, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        claims.AddRange(mappedRoles.Select(r => new Claim(MappedRoleClaim, r.ToString())));
        claims.AddRange(assignments
            .Where(a => a.Role == Role.SpaceManager && a.ScopeKind != ScopeKind.Tenant && a.ScopeId is not null)
            .Select(a => new Claim(JooxterClaims.Scope, new AccessScope(a.ScopeKind, a.ScopeId!.Value).ToString())));
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role)), null);
    }

    private async Task<SignInOutcome> RefuseAsync(AdminDbContext db, string provider, string? objectId, string? email, SignInRefusal refusal, CancellationToken ct)
    {
        db.AccessDenials.Add(new AccessDenial
        {
            OccurredAtUtc = clock.GetUtcNow().UtcDateTime,
            Provider = provider,
            Reason = refusal.ToString(),
            ClaimedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            ClaimedObjectId = objectId,
        });
        await db.SaveChangesAsync(ct);
        LogRefused(logger, provider, refusal);
        return new SignInOutcome(null, refusal, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in accepted via {Provider} for tenant {TenantId}")]
    private static partial void LogSignedIn(ILogger logger, string provider, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused via {Provider}: {Refusal}; details are in the access-denial register")]
    private static partial void LogRefused(ILogger logger, string provider, SignInRefusal refusal);
}
