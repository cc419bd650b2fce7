using System.Text.RegularExpressions;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Tenants;

public sealed record TenantRow(Guid Id, string Slug, string Name, DateOnly ContractStart, DateOnly? ContractEnd, TenantStatus Status, int Employees, string? IdentityIssuer, string? AllowedEmailDomains, bool TrustsPreferredUsername);

/// <summary>How a customer's people sign in: its provider's issuer, the e-mail domains it vouches for, and whether its usernames are guaranteed.</summary>
public sealed record TenantSignIn(string? IdentityIssuer, string? AllowedEmailDomains, bool TrustsPreferredUsername);

public sealed record NewTenant(string Name, string Slug, DateOnly ContractStart, DateOnly? ContractEnd, string CountryCode, string DefaultLanguage);

/// <summary>The platform operator's view of customer companies. Only platform operators get here.</summary>
public sealed partial class TenantService(AdminDatabase database, CurrentUser currentUser)
{
    public async Task<IReadOnlyList<TenantRow>> ListAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageTenants);
        await using var db = database.OpenSystem("console", user.EmployeeId);
        return await db.Tenants.AsNoTracking()
            .OrderBy(t => t.Name)
            .Select(t => new TenantRow(t.Id, t.Slug, t.Name, t.ContractStart, t.ContractEnd, t.Status, db.Employees.Count(e => e.TenantId == t.Id), t.IdentityIssuer, t.AllowedEmailDomains, t.TrustsPreferredUsername))
            .ToListAsync(ct);
    }

    public static OperationResult Validate(NewTenant tenant)
    {
        var errors = new List<OperationError>();
        if (string.IsNullOrWhiteSpace(tenant.Name))
        {
            errors.Add(new("Name", "Validation.Required"));
        }

        if (!SlugPattern().IsMatch(Tenant.NormalizeSlug(tenant.Slug ?? "")))
        {
            errors.Add(new("Slug", "Tenants.SlugInvalid"));
        }

        if (tenant.ContractEnd is { } end && end < tenant.ContractStart)
        {
            errors.Add(new("ContractEnd", "Tenants.ContractEndBeforeStart"));
        }

        return new OperationResult(errors);
    }

    public async Task<OperationResult> CreateAsync(NewTenant request, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageTenants);
        var validation = Validate(request);
        if (!validation.Succeeded)
        {
            return validation;
        }

        await using var db = database.OpenSystem("console", user.EmployeeId);
        var slug = Tenant.NormalizeSlug(request.Slug);
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, ct))
        {
            return OperationResult.Fail("Slug", "Tenants.SlugTaken");
        }

        var tenant = new Tenant
        {
            Name = request.Name.Trim(),
            Slug = slug,
            ContractStart = request.ContractStart,
            ContractEnd = request.ContractEnd,
            CountryCode = request.CountryCode.ToUpperInvariant(),
            DefaultLanguage = request.DefaultLanguage,
        };
        db.Tenants.Add(tenant);
        // A new customer's record of processing starts from the privacy policy's own table; its DPO edits it from there.
        Privacy.PrivacyRegisterSeed.Add(db, tenant.Id, request.ContractStart);
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    /// <summary>
    /// Names the provider a customer's people sign in with. One issuer belongs to one customer: a sign-in it issues
    /// is matched against that customer's employees only.
    /// </summary>
    public async Task<OperationResult> SetSignInAsync(Guid tenantId, TenantSignIn request, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(Capability.ManageTenants);
        var errors = new List<OperationError>();
        var issuer = SignInResolver.NormalizeIssuer(request.IdentityIssuer);
        if (issuer is not null && !Guid.TryParse(issuer, out _)
            && !(Uri.TryCreate(issuer, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            errors.Add(new("IdentityIssuer", "Tenants.IssuerInvalid"));
        }

        var domains = (request.AllowedEmailDomains ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(d => d.TrimStart('@').ToLowerInvariant()).Distinct().ToList();
        if (domains.Any(d => !DomainPattern().IsMatch(d)))
        {
            errors.Add(new("AllowedEmailDomains", "Tenants.DomainsInvalid"));
        }

        if (errors.Count > 0)
        {
            return new OperationResult(errors);
        }

        await using var db = database.OpenSystem("console", user.EmployeeId);
        if (issuer is not null && await db.Tenants.AnyAsync(t => t.IdentityIssuer == issuer && t.Id != tenantId, ct))
        {
            return OperationResult.Fail("IdentityIssuer", "Tenants.IssuerTaken");
        }

        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return OperationResult.Fail("Tenant", "NotFound.Title");
        }

        tenant.IdentityIssuer = issuer;
        tenant.AllowedEmailDomains = domains.Count == 0 ? null : string.Join(", ", domains);
        tenant.TrustsPreferredUsername = request.TrustsPreferredUsername;
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();
}
