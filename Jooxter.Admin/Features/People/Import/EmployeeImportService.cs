using Jooxter.Admin.Data;
using Jooxter.Admin.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>The HR administrator's import, template and error workbook, for the signed-in user's organisation only.</summary>
public sealed class EmployeeImportService(AdminDatabase database, CurrentUser currentUser, EmployeeImporter importer)
{
    public Task<ImportReport> PreviewAsync(ImportFile file, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(file, options, commit: false, progress, ct);

    public Task<ImportReport> CommitAsync(ImportFile file, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(file, options, commit: true, progress, ct);

    private async Task<ImportReport> RunAsync(ImportFile file, ImportOptions options, bool commit, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var user = await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == user.TenantId, ct);
        return await importer.RunAsync(db, tenant, file, options, commit, user.EmployeeId, "console", progress, ct);
    }

    /// <summary>An empty workbook with headers in the user's language and drop-down lists of the organisation's values.</summary>
    public async Task<byte[]> CreateTemplateAsync(TemplateTexts texts, CancellationToken ct = default)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        await using var db = await database.OpenAsync();
        var lists = new TemplateLists(
            await db.Companies.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct),
            await db.Buildings.Where(b => !b.IsArchived).OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct),
            await db.Departments.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct),
            await db.UserGroups.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct),
            await db.Profiles.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(ct));
        return EmployeeImportTemplate.Create(texts, lists);
    }

    /// <summary>The uploaded workbook given back with a column that explains each row's problems.</summary>
    public async Task<byte[]> AnnotateAsync(byte[] content, IReadOnlyDictionary<int, string> messagesByRow, int headerRow, string columnTitle)
    {
        await currentUser.DemandAsync(Capability.ManagePeople);
        return ImportErrorWorkbook.Annotate(content, messagesByRow, headerRow, columnTitle);
    }
}
