using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Demo;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jooxter.Admin.Features.Account;

public sealed record PersonaOption(string Email, string DisplayName, Role Role, string TenantName, string TenantSlug);

public sealed record DemoCustomer(string Slug, string Name);

/// <summary>The personas the demo sign-in page offers: only in Demo mode, only those seeded and active.</summary>
public sealed class DemoPersonaDirectory(AdminDatabase database, IOptions<AuthenticationSettings> settings)
{
    public bool IsDemo => settings.Value.Mode == SignInMode.Demo;

    public async Task<IReadOnlyList<PersonaOption>> ListAsync(CancellationToken ct = default)
    {
        if (!IsDemo)
        {
            return [];
        }

        var emails = DemoPersonas.All.Select(p => Employee.NormalizeEmail(p.Email)).ToList();
        await using var db = database.OpenSystem("signin");
        var found = await db.Employees
            .Where(e => emails.Contains(e.NormalizedEmail) && e.Status == EmployeeStatus.Active)
            .Join(db.Tenants, e => e.TenantId, t => t.Id, (e, t) => new { e.NormalizedEmail, e.FirstName, e.LastName, TenantName = t.Name, t.Slug })
            .ToListAsync(ct);
        return DemoPersonas.All
            .Select(p => (Persona: p, Row: found.FirstOrDefault(f => f.NormalizedEmail == Employee.NormalizeEmail(p.Email) && f.Slug == p.TenantSlug)))
            .Where(x => x.Row is not null)
            .Select(x => new PersonaOption(x.Persona.Email, $"{x.Row!.FirstName} {x.Row.LastName}", x.Persona.Role, x.Row.TenantName, x.Row.Slug))
            .ToList();
    }

    /// <summary>The customers a typed e-mail can be tried against (each sign-in belongs to one customer).</summary>
    public async Task<IReadOnlyList<DemoCustomer>> CustomersAsync(CancellationToken ct = default)
    {
        if (!IsDemo)
        {
            return [];
        }

        await using var db = database.OpenSystem("signin");
        return await db.Tenants.AsNoTracking().OrderBy(t => t.Name).Select(t => new DemoCustomer(t.Slug, t.Name)).ToListAsync(ct);
    }
}
