using System.Text.RegularExpressions;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.Tenants;

public sealed record TenantRow(Guid Id, string Slug, string Name, DateOnly ContractStart, DateOnly? ContractEnd, TenantStatus Status, int Employees);

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
            .Select(t => new TenantRow(t.Id, t.Slug, t.Name, t.ContractStart, t.ContractEnd, t.Status, db.Employees.Count(e => e.TenantId == t.Id)))
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

        db.Tenants.Add(new Tenant
        {
            Name = request.Name.Trim(),
            Slug = slug,
            ContractStart = request.ContractStart,
            ContractEnd = request.ContractEnd,
            CountryCode = request.CountryCode.ToUpperInvariant(),
            DefaultLanguage = request.DefaultLanguage,
        });
        await db.SaveChangesAsync(ct);
        return OperationResult.Ok;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();
}
