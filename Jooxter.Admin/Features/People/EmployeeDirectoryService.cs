using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People;

public sealed record EmployeeRow(Guid Id, string FirstName, string LastName, string Email, string? Department, EmployeeStatus Status);

/// <summary>A paged, searchable employee directory of the caller's organisation.</summary>
public sealed class EmployeeDirectoryService(AdminDatabase database, CurrentUser currentUser)
{
    public async Task<PagedResult<EmployeeRow>> SearchAsync(string? search, int page, int pageSize, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ViewPeople);
        pageSize = Math.Clamp(pageSize, 1, 200);
        await using var db = await database.OpenAsync();
        var query = db.Employees.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Accent- and case-insensitive: both sides folded ("helene" finds "Hélène").
            var term = Employee.Fold(search);
            query = query.Where(e => e.SearchText.Contains(term));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ThenBy(e => e.Id)
            .Skip(Math.Max(page, 0) * pageSize)
            .Take(pageSize)
            .Select(e => new EmployeeRow(e.Id, e.FirstName, e.LastName, e.Email, db.Departments.Where(d => d.Id == e.DepartmentId).Select(d => d.Name).FirstOrDefault(), e.Status))
            .ToListAsync(ct);
        return new PagedResult<EmployeeRow>(rows, total);
    }
}
