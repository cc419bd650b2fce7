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

    /// <summary>The provider says the e-mail it sent is not verified, and nothing else identifies the person.</summary>
    UnverifiedEmail,

    /// <summary>The provider that issued the sign-in is not the one any customer signs in with.</summary>
    UnknownOrganisation,
}

public sealed record SignInOutcome(ClaimsPrincipal? Principal, SignInRefusal? Refusal, string? Language)
{
    public bool Succeeded => Principal is not null;
}

/// <summary>
/// What a provider (or the demo page) says about the person signing in. The customer comes from the provider that
/// issued the sign-in (<see cref="Issuer"/>: an Entra directory id or an OpenID issuer), or, on the demo page, from the
/// persona's customer (<see cref="TenantId"/>); an identity is never matched across customers.
/// </summary>
public sealed record SignInIdentity(
    string Provider,
    string? Issuer = null,
    Guid? TenantId = null,
    string? ObjectId = null,
    string? Email = null,
    bool? EmailVerified = null,
    string? PreferredUsername = null,
    IReadOnlyList<Claim>? Claims = null);

/// <summary>
/// Matches a signed-in identity to an active employee of the customer whose provider issued it (by directory object
/// id, then by a verified professional e-mail) and builds the console's principal: tenant, employee, roles and scopes.
/// Anyone else is refused.
/// </summary>
public sealed partial class SignInResolver(AdminDatabase database, TimeProvider clock, IOptions<AuthenticationSettings> settings, ILogger<SignInResolver> logger)
{
    public const string AuthenticationType = "Jooxter";

    public async Task<SignInOutcome> ResolveAsync(SignInIdentity identity, CancellationToken ct = default)
    {
        await using var db = database.OpenSystem("signin");
        var issuer = NormalizeIssuer(identity.Issuer);
        var tenant = identity.TenantId is { } tenantId
            ? await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, ct)
            : issuer is null ? null : await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.IdentityIssuer == issuer, ct);
        if (tenant is null)
        {
            return await RefuseAsync(db, identity, SignInRefusal.UnknownOrganisation, ct);
        }

        var objectId = string.IsNullOrWhiteSpace(identity.ObjectId) ? null : identity.ObjectId;
        var candidates = new List<Employee>();
        if (objectId is not null)
        {
            candidates = await db.Employees.Where(e => e.TenantId == tenant.Id && e.DirectoryObjectId == objectId).ToListAsync(ct);
        }

        var email = UsableEmail(identity, tenant);
        var matchedByEmail = false;
        if (candidates.Count == 0 && email is not null)
        {
            var normalized = Employee.NormalizeEmail(email);
            candidates = await db.Employees.Where(e => e.TenantId == tenant.Id && e.NormalizedEmail == normalized).ToListAsync(ct);
            matchedByEmail = true;
        }

        var refusal = candidates.Count switch
        {
            0 when email is null && identity.EmailVerified == false => SignInRefusal.UnverifiedEmail,
            0 => SignInRefusal.UnknownIdentity,
            _ when candidates.All(c => c.Status != EmployeeStatus.Active) => SignInRefusal.Deactivated,
            _ when candidates.Count(c => c.Status == EmployeeStatus.Active) > 1 => SignInRefusal.Ambiguous,
            _ => (SignInRefusal?)null,
        };
        if (refusal is not null)
        {
            return await RefuseAsync(db, identity, refusal.Value, ct);
        }

        var employee = candidates.Single(c => c.Status == EmployeeStatus.Active);
        if (matchedByEmail && objectId is not null && employee.DirectoryObjectId is { } bound && !string.Equals(bound, objectId, StringComparison.OrdinalIgnoreCase))
        {
            // The record is bound to another directory identity: an e-mail that now points elsewhere does not transfer the account.
            return await RefuseAsync(db, identity, SignInRefusal.Ambiguous, ct);
        }

        var providerClaims = KeptProviderClaims(identity.Claims ?? []);
        var principal = await BuildPrincipalAsync(db, employee, providerClaims, ct);
        if (principal.Refusal is not null)
        {
            return await RefuseAsync(db, identity, principal.Refusal.Value, ct);
        }

        if (matchedByEmail && objectId is not null && employee.DirectoryObjectId is null)
        {
            // Bind the directory identity on first sign-in, so a later e-mail change does not lock the person out.
            await using var tenantDb = database.OpenForTenant(employee.TenantId, employee.Id, "signin");
            var tracked = await tenantDb.Employees.SingleAsync(e => e.Id == employee.Id, ct);
            tracked.DirectoryObjectId = objectId;
            await tenantDb.SaveChangesAsync(ct);
        }

        LogSignedIn(logger, identity.Provider, employee.TenantId);
        return new SignInOutcome(principal.Principal, null, employee.Language);
    }

    /// <summary>
    /// The e-mail that may find the employee: the <c>email</c> claim only when the provider says it is verified (Entra's
    /// is not: Entra users are found by directory object id, or by user principal name where the customer vouches for
    /// usernames); the <c>preferred_username</c> only where the customer says its provider guarantees it; and only in
    /// an allowed domain.
    /// </summary>
    private static string? UsableEmail(SignInIdentity identity, Tenant tenant)
    {
        var email = identity.EmailVerified == true && !string.IsNullOrWhiteSpace(identity.Email) ? identity.Email.Trim()
            : tenant.TrustsPreferredUsername && !string.IsNullOrWhiteSpace(identity.PreferredUsername) && identity.PreferredUsername.Contains('@', StringComparison.Ordinal) ? identity.PreferredUsername.Trim()
            : null;
        return email is not null && tenant.AllowsEmailDomain(email) ? email : null;
    }

    /// <summary>Issuers compare without a trailing slash and, for Entra directory ids, without case.</summary>
    public static string? NormalizeIssuer(string? issuer)
    {
        var trimmed = issuer?.Trim().TrimEnd('/');
        return string.IsNullOrEmpty(trimmed) ? null : Guid.TryParse(trimmed, out var directory) ? directory.ToString() : trimmed;
    }

    /// <summary>Rebuilds the principal of a signed-in session from the current employee record, or null if they may no longer get in.</summary>
    public async Task<ClaimsPrincipal?> RevalidateAsync(ClaimsPrincipal current, CancellationToken ct = default)
    {
        if (!Guid.TryParse(current.FindFirstValue(JooxterClaims.EmployeeId), out var employeeId))
        {
            return null;
        }

        if (HasExpired(current))
        {
            return null;
        }

        await using var db = database.OpenSystem("signin");
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is not { Status: EmployeeStatus.Active })
        {
            return null;
        }

        // Roles and scopes are read again; provider claims kept at sign-in are mapped again with today's mappings.
        var providerClaims = current.FindAll(ProviderClaim).Select(c => c.Value.Split('=', 2)).Where(p => p.Length == 2).Select(p => new Claim(p[0], p[1])).ToList();
        var rebuilt = await BuildPrincipalAsync(db, employee, providerClaims, ct, current.FindFirstValue(JooxterClaims.SignedInAt));
        return rebuilt.Principal;
    }

    /// <summary>However active a session (a cookie or an open tab), it ends a fixed time after sign-in.</summary>
    public bool HasExpired(ClaimsPrincipal session) =>
        !long.TryParse(session.FindFirstValue(JooxterClaims.SignedInAt), out var signedInAt)
        || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedInAt) > settings.Value.AbsoluteLifetime;

    /// <summary>A provider claim that a role mapping reads, kept in the session as "type=value" so that mappings are re-evaluated on refresh.</summary>
    private const string ProviderClaim = "jx:idp";

    private List<Claim> KeptProviderClaims(IEnumerable<Claim> claims) =>
        claims.Where(c => settings.Value.RoleMappings.Any(m => ClaimTypeMatches(c.Type, m.ClaimType))).Select(c => new Claim(c.Type, c.Value)).DistinctBy(c => (c.Type, c.Value)).ToList();

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

    private async Task<(ClaimsPrincipal? Principal, SignInRefusal? Refusal)> BuildPrincipalAsync(AdminDbContext db, Employee employee, IReadOnlyList<Claim> providerClaims, CancellationToken ct, string? signedInAt = null)
    {
        var mappedRoles = MapProviderRoles(providerClaims);
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
            new(JooxterClaims.SignedInAt, signedInAt ?? clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        claims.AddRange(providerClaims.Select(c => new Claim(ProviderClaim, $"{c.Type}={c.Value}")));
        claims.AddRange(assignments
            .Where(a => a.Role is Role.SpaceManager or Role.Assistant && a.ScopeKind != ScopeKind.Tenant && a.ScopeId is not null)
            .Select(a => new Claim(JooxterClaims.Scope, new AccessScope(a.ScopeKind, a.ScopeId!.Value).ToString())));
        return (new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role)), null);
    }

    private async Task<SignInOutcome> RefuseAsync(AdminDbContext db, SignInIdentity identity, SignInRefusal refusal, CancellationToken ct)
    {
        var email = identity.Email ?? identity.PreferredUsername;
        db.AccessDenials.Add(new AccessDenial
        {
            OccurredAtUtc = clock.GetUtcNow().UtcDateTime,
            Provider = identity.Provider,
            Reason = refusal.ToString(),
            ClaimedEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            ClaimedObjectId = identity.ObjectId,
        });
        await db.SaveChangesAsync(ct);
        LogRefused(logger, identity.Provider, refusal);
        return new SignInOutcome(null, refusal, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in accepted via {Provider} for tenant {TenantId}")]
    private static partial void LogSignedIn(ILogger logger, string provider, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused via {Provider}: {Refusal}; details are in the access-denial register")]
    private static partial void LogRefused(ILogger logger, string provider, SignInRefusal refusal);
}
