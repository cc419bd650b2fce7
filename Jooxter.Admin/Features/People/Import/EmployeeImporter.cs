using Jooxter.Admin.Data;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Features.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Features.People.Import;

/// <summary>
/// The import pipeline shared by the console and the command line: read, check, compare, and (on commit) apply
/// everything in one save, so that a failure anywhere writes nothing. The context given must be scoped to the tenant.
/// </summary>
public sealed class EmployeeImporter(TimeProvider clock)
{
    public Task<ImportReport> RunAsync(AdminDbContext db, Tenant tenant, byte[] content, string fileName, ImportOptions options, bool commit, Guid? actingEmployeeId, string channel, IProgress<ImportProgress>? progress = null, CancellationToken ct = default) =>
        RunAsync(db, tenant, new ImportFile(content, fileName), options, commit, actingEmployeeId, channel, progress, ct);

    public async Task<ImportReport> RunAsync(AdminDbContext db, Tenant tenant, ImportFile file, ImportOptions options, bool commit, Guid? actingEmployeeId, string channel, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var fileName = file.FileName;
        ParsedSheet sheet;
        try
        {
            sheet = await file.ParseAsync(progress, ct);
        }
        catch (WorkbookException error)
        {
            return ImportReport.BadFile(error);
        }
        progress?.Report(new ImportProgress("Checking", 0, sheet.Rows.Count));
        var lists = await LoadListsAsync(db, ct);
        var existing = await LoadExistingAsync(db, ct);
        var (valid, rowIssues, toCreate) = file.Check(sheet, tenant.Id, lists, tenant.CountryCode, options);
        var emailsInFile = sheet.Rows.Where(r => !string.IsNullOrWhiteSpace(r.Email)).Select(r => Employee.NormalizeEmail(r.Email!)).ToHashSet(StringComparer.Ordinal);
        // Console role holders are never deactivated nor reactivated by an import: a spreadsheet would otherwise lock
        // administrators out, or hand a former administrator's access back. An administrator does both in the console.
        var roleHolders = (await db.RoleAssignments.Select(r => r.EmployeeId).Distinct().ToListAsync(ct)).ToHashSet();
        var plan = EmployeeImportPlanner.Plan(valid, sheet.Columns.Keys.ToList(), existing, options, actingEmployeeId, emailsInFile, roleHolders);
        var issues = sheet.Issues.Concat(rowIssues)
            .Concat(plan.RefusedReactivations.Select(r => new ImportIssue(r.Row, sheet.ColumnLabel(ImportColumn.Email), ImportColumn.Email, IssueSeverity.Error, "RoleHolderReactivation")))
            .ToList();
        var report = Report(sheet, plan, issues, committed: false);
        var headerBroken = issues.Any(i => i.Severity == IssueSeverity.Error && i.Row == sheet.HeaderRow);
        var blocked = headerBroken || sheet.Rows.Count == 0 || (report.Summary.RowsWithErrors > 0 && !options.SkipRowsWithErrors);
        if (!commit || blocked)
        {
            return report;
        }

        progress?.Report(new ImportProgress("Saving", 0, plan.Creates.Count + plan.Updates.Count + plan.Deactivations.Count));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The missing list entries, with the ids the checked rows already point at.
            await CreateListsAsync(db, toCreate, ct);

            var record = new EmployeeImport
            {
                FileName = Path.GetFileName(fileName),
                ImportedAtUtc = clock.GetUtcNow().UtcDateTime,
                ImportedById = actingEmployeeId,
                Channel = channel,
                Created = plan.Creates.Count,
                Updated = plan.Updates.Count,
                Unchanged = plan.Unchanged,
                Deactivated = plan.Deactivations.Count,
                SkippedRows = report.Summary.RowsWithErrors,
            };
            await db.BulkInsertAsync<EmployeeImport>([record], ct);
            await InsertNewEmployeesAsync(db, plan, record, tenant.DefaultLanguage, ct);
            await ApplyUpdatesAsync(db, plan, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // Someone changed the same employees meanwhile (a unique e-mail, a concurrent edit): nothing was written.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return report with { Issues = [.. issues, new ImportIssue(sheet.HeaderRow, null, null, IssueSeverity.Error, "ConcurrentChange")] };
        }

        var total = plan.Creates.Count + plan.Updates.Count + plan.Deactivations.Count;
        progress?.Report(new ImportProgress("Saving", total, total));
        return Report(sheet, plan, issues, committed: true);
    }

    private static ImportReport Report(ParsedSheet sheet, ImportPlan plan, List<ImportIssue> issues, bool committed)
    {
        var rowsWithErrors = issues.Where(i => i.Severity == IssueSeverity.Error && i.Row != sheet.HeaderRow).Select(i => i.Row).Distinct().Count();
        var summary = new ImportSummary(sheet.Rows.Count, plan.Creates.Count, plan.Updates.Count, plan.Unchanged, plan.Deactivations.Count, rowsWithErrors, issues.Count(i => i.Severity == IssueSeverity.Warning));
        return new ImportReport(summary, issues, committed);
    }

    private static async Task CreateListsAsync(AdminDbContext db, List<ListToCreate> toCreate, CancellationToken ct)
    {
        await db.BulkInsertAsync(toCreate.Where(c => c.List == ImportColumn.Company).Select(c => new Company { Id = c.Id, Name = c.Name }).ToList(), ct);
        await db.BulkInsertAsync(toCreate.Where(c => c.List == ImportColumn.Department).Select(c => new Department { Id = c.Id, Name = c.Name }).ToList(), ct);
        await db.BulkInsertAsync(toCreate.Where(c => c.List == ImportColumn.Groups).Select(c => new UserGroup { Id = c.Id, Name = c.Name }).ToList(), ct);
        await db.BulkInsertAsync(toCreate.Where(c => c.List == ImportColumn.Profile).Select(c => new Profile { Id = c.Id, Name = c.Name }).ToList(), ct);
    }

    /// <summary>New employees, their groups and their welcome messages, written in bulk: no change tracking for tens of thousands of rows.</summary>
    private async Task InsertNewEmployeesAsync(AdminDbContext db, ImportPlan plan, EmployeeImport record, string defaultLanguage, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var employees = new List<Employee>(plan.Creates.Count);
        var memberships = new List<UserGroupMember>();
        var welcomes = new List<WelcomeNotification>(plan.Creates.Count);
        foreach (var row in plan.Creates)
        {
            var employee = new Employee
            {
                FirstName = row.FirstName,
                LastName = row.LastName,
                Email = row.Email,
                Language = row.Language ?? defaultLanguage,
                Phone = row.Phone,
                CompanyId = row.CompanyId,
                HomeBuildingId = row.BuildingId,
                DepartmentId = row.DepartmentId,
                ProfileId = row.ProfileId,
            };
            employees.Add(employee);
            memberships.AddRange((row.GroupIds ?? []).Select(groupId => new UserGroupMember { UserGroupId = groupId, EmployeeId = employee.Id }));
            welcomes.Add(new WelcomeNotification { EmployeeId = employee.Id, ImportId = record.Id, QueuedAtUtc = now });
        }

        await db.BulkInsertAsync(employees, memberships, ct);
        await db.BulkInsertAsync(welcomes, ct);
    }

    /// <summary>Changed and deactivated employees go through the change tracker: usually few, and each one audited field by field.</summary>
    private static async Task ApplyUpdatesAsync(AdminDbContext db, ImportPlan plan, CancellationToken ct)
    {
        var touched = plan.Updates.Select(u => u.Existing.Id).Concat(plan.Deactivations.Select(d => d.Id)).ToList();
        if (touched.Count == 0)
        {
            return;
        }

        var tracked = await db.Employees.Where(e => touched.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var regrouped = plan.Updates.Where(u => u.ChangedFields.Contains("Groups")).Select(u => u.Existing.Id).ToList();
        var memberships = regrouped.Count == 0
            ? []
            : await db.UserGroupMembers.Where(m => regrouped.Contains(m.EmployeeId)).ToListAsync(ct);
        foreach (var update in plan.Updates)
        {
            var employee = tracked[update.Existing.Id];
            var row = update.Row;
            employee.FirstName = row.FirstName;
            employee.LastName = row.LastName;
            employee.Email = row.Email;
            employee.Language = row.Language ?? employee.Language;
            var changed = update.ChangedFields;
            if (changed.Contains(nameof(Employee.Phone))) employee.Phone = row.Phone;
            if (changed.Contains(nameof(Employee.CompanyId))) employee.CompanyId = row.CompanyId;
            if (changed.Contains(nameof(Employee.HomeBuildingId))) employee.HomeBuildingId = row.BuildingId;
            if (changed.Contains(nameof(Employee.DepartmentId))) employee.DepartmentId = row.DepartmentId;
            if (changed.Contains(nameof(Employee.ProfileId))) employee.ProfileId = row.ProfileId;
            if (changed.Contains(nameof(Employee.Status))) employee.Reactivate();
            if (changed.Contains("Groups"))
            {
                var wanted = row.GroupIds!.ToHashSet();
                var current = memberships.Where(m => m.EmployeeId == employee.Id).ToList();
                db.UserGroupMembers.RemoveRange(current.Where(m => !wanted.Contains(m.UserGroupId)));
                foreach (var groupId in wanted.Except(current.Select(m => m.UserGroupId)))
                {
                    db.UserGroupMembers.Add(new UserGroupMember { UserGroupId = groupId, EmployeeId = employee.Id });
                }
            }
        }

        foreach (var missing in plan.Deactivations)
        {
            tracked[missing.Id].Deactivate();
        }
    }

    public static async Task<ReferenceLists> LoadListsAsync(AdminDbContext db, CancellationToken ct)
    {
        var lists = new ReferenceLists();
        static void Fill(Dictionary<string, Guid> target, IEnumerable<(Guid Id, string Name)> rows)
        {
            foreach (var (id, name) in rows)
            {
                target.TryAdd(ReferenceLists.Key(name), id);
            }
        }

        Fill(lists.Companies, (await db.Companies.Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)));
        Fill(lists.Buildings, (await db.Buildings.Where(b => !b.IsArchived).Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)));
        Fill(lists.Departments, (await db.Departments.Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)));
        Fill(lists.Groups, (await db.UserGroups.Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)));
        Fill(lists.Profiles, (await db.Profiles.Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)));
        return lists;
    }

    public static async Task<Dictionary<string, ExistingEmployee>> LoadExistingAsync(AdminDbContext db, CancellationToken ct)
    {
        var groups = (await db.UserGroupMembers.AsNoTracking().Select(m => new { m.EmployeeId, m.UserGroupId }).ToListAsync(ct))
            .GroupBy(m => m.EmployeeId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<Guid>)g.Select(m => m.UserGroupId).ToHashSet());
        var employees = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.NormalizedEmail, e.FirstName, e.LastName, e.Email, e.Language, e.Phone, e.CompanyId, e.HomeBuildingId, e.DepartmentId, e.ProfileId, e.Status })
            .ToListAsync(ct);
        return employees.ToDictionary(
            e => e.NormalizedEmail,
            e => new ExistingEmployee(e.Id, e.NormalizedEmail, e.FirstName, e.LastName, e.Email, e.Language, e.Phone, e.CompanyId, e.HomeBuildingId, e.DepartmentId, e.ProfileId, e.Status, groups.GetValueOrDefault(e.Id) ?? new HashSet<Guid>()),
            StringComparer.Ordinal);
    }
}
