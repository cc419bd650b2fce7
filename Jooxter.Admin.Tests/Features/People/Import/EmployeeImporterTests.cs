using System.Text.Json;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Features.Shared.Spreadsheets;
using Jooxter.Admin.Features.Tenants;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Features.People.Import;

/// <summary>The import against a real SQLite database: all or nothing, idempotent, isolated per customer.</summary>
public sealed class EmployeeImporterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _alpha;
    private Guid _beta;
    private Guid _hr;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (_alpha, _hr) = await _database.AddTenantAsync("alpha", "hr@alpha.test");
        (_beta, _) = await _database.AddTenantAsync("beta", "person1@import.test");
        await using var db = _database.OpenForTenant(_alpha);
        db.Departments.Add(new Department { Name = "Finance" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<ImportReport> ImportAsync(byte[] file, ImportOptions? options = null, bool commit = true, Guid? tenantId = null)
    {
        var id = tenantId ?? _alpha;
        await using var db = _database.OpenForTenant(id, _hr);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == id);
        return await new EmployeeImporter(TimeProvider.System).RunAsync(db, tenant, file, "employees.xlsx", options ?? new ImportOptions(), commit, _hr, "console");
    }

    private async Task<int> CountAsync<T>(Func<Jooxter.Admin.Data.AdminDbContext, IQueryable<T>> query)
    {
        await using var db = _database.OpenSystem();
        return await query(db).CountAsync();
    }

    [Fact]
    public async Task Importing_creates_employees_records_the_import_and_queues_welcomes()
    {
        var report = await ImportAsync(Workbooks.Employees(50, row: i => [$"P{i}", $"N{i}", $"person{i}@import.test", "fr", "", "Finance", "Nouveaux"]), new ImportOptions(CreateMissingLists: true));

        report.Committed.ShouldBeTrue();
        report.Summary.Created.ShouldBe(50);
        await using var db = _database.OpenForTenant(_alpha);
        (await db.Employees.CountAsync()).ShouldBe(51);
        (await db.UserGroups.SingleAsync()).Name.ShouldBe("Nouveaux");
        (await db.UserGroupMembers.CountAsync()).ShouldBe(50);
        (await db.WelcomeNotifications.CountAsync(n => n.Status == NotificationStatus.Pending)).ShouldBe(50);
        var record = await db.EmployeeImports.SingleAsync();
        (record.Created, record.FileName, record.ImportedById, record.Channel).ShouldBe((50, "employees.xlsx", _hr, "console"));
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Employee) && a.ActorId == _hr)).ShouldBe(50);
        // Memberships are listed in their employee's entry, not recorded one by one.
        (await db.AuditEntries.CountAsync(a => a.EntityType == nameof(UserGroupMember))).ShouldBe(0);
        var group = (await db.UserGroups.SingleAsync()).Id.ToString();
        (await db.AuditEntries.Where(a => a.EntityType == nameof(Employee) && a.ActorId == _hr).ToListAsync()).ShouldAllBe(a => a.Changes.Contains($"\"Groups\":{{\"before\":null,\"after\":[\"{group}\"]}}"));
    }

    private async Task<ImportReport> RunAsync(ImportFile file, bool commit)
    {
        await using var db = _database.OpenForTenant(_alpha, _hr);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == _alpha);
        return await new EmployeeImporter(TimeProvider.System).RunAsync(db, tenant, file, new ImportOptions(CreateMissingLists: true), commit, _hr, "console");
    }

    [Fact]
    public async Task A_commit_reuses_the_previews_checks_only_while_the_lists_they_used_are_unchanged()
    {
        // Preview, then someone creates "Ventes" by hand before the commit: the commit links to it instead of creating it again.
        var upload = new ImportFile(Workbooks.Employees(3, row: i => [$"P{i}", $"N{i}", $"late{i}@import.test", "fr", "", "Ventes", "Paris; Lyon"]), "employees.xlsx");
        var preview = await RunAsync(upload, commit: false);
        preview.Issues.Where(i => i.Code == "WillCreate").Select(i => i.Value).ShouldBe(["Ventes × 3", "Paris × 3", "Lyon × 3"], ignoreOrder: true);
        var byHand = new Department { Name = "Ventes" };
        await using (var db = _database.OpenForTenant(_alpha, _hr))
        {
            db.Departments.Add(byHand);
            await db.SaveChangesAsync();
        }

        var commit = await RunAsync(upload, commit: true);
        commit.Committed.ShouldBeTrue();
        commit.Issues.Where(i => i.Code == "WillCreate").Select(i => i.Value).ShouldBe(["Paris × 3", "Lyon × 3"], ignoreOrder: true);
        await using var read = _database.OpenForTenant(_alpha);
        (await read.Departments.CountAsync(d => d.Name == "Ventes")).ShouldBe(1);
        (await read.Employees.Where(e => e.Email.StartsWith("late")).Select(e => e.DepartmentId).ToListAsync()).ShouldBe([byHand.Id, byHand.Id, byHand.Id]);
        var groups = await read.UserGroups.Where(g => g.Name == "Paris" || g.Name == "Lyon").Select(g => g.Id).ToListAsync();
        groups.Count.ShouldBe(2);
        (await read.UserGroupMembers.CountAsync(m => groups.Contains(m.UserGroupId))).ShouldBe(6);

        // Previewed and committed with nothing changed in between: the entries created are the ones the preview announced.
        var second = new ImportFile(Workbooks.Employees(2, row: i => [$"Q{i}", $"M{i}", $"next{i}@import.test", "fr", "", "Achats", ""]), "employees.xlsx");
        (await RunAsync(second, commit: false)).Issues.Single(i => i.Code == "WillCreate").Value.ShouldBe("Achats × 2");
        (await RunAsync(second, commit: true)).Committed.ShouldBeTrue();
        await using var after = _database.OpenForTenant(_alpha);
        var achats = await after.Departments.SingleAsync(d => d.Name == "Achats");
        (await after.Employees.CountAsync(e => e.DepartmentId == achats.Id)).ShouldBe(2);
    }

    [Fact]
    public async Task One_checked_file_imported_into_two_customers_creates_each_customers_own_list_entries()
    {
        // Same file, same (empty) lists, same country: the second customer's new group is its own, not the first one's.
        var upload = new ImportFile(Workbooks.Employees(2, row: i => [$"P{i}", $"N{i}", $"twice{i}@import.test", "fr", "", "", "Nouveau groupe"]), "employees.xlsx");
        var (gamma, _) = await _database.AddTenantAsync("gamma", "hr@gamma.test");
        var (delta, _) = await _database.AddTenantAsync("delta", "hr@delta.test");
        foreach (var tenant in new[] { gamma, delta })
        {
            await using var db = _database.OpenForTenant(tenant, _hr);
            var customer = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenant);
            (await new EmployeeImporter(TimeProvider.System).RunAsync(db, customer, upload, new ImportOptions(CreateMissingLists: true), true, null, "console")).Committed.ShouldBeTrue();
        }

        await using var system = _database.OpenSystem();
        var groups = await system.UserGroups.IgnoreQueryFilters().Where(g => g.Name == "Nouveau groupe").Select(g => new { g.Id, g.TenantId }).ToListAsync();
        groups.Select(g => g.TenantId).ShouldBe([gamma, delta], ignoreOrder: true);
        groups.Select(g => g.Id).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task Rows_written_in_bulk_read_back_as_written_and_keep_the_audit_chain_intact()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        await ImportAsync(Workbooks.Employees(3, row: i => [$"Zoé{i}", "Ñandú", $"zoe{i}@import.test", "en", "+33 6 12 34 56 7" + i, "Finance", ""]));
        await ImportAsync(Workbooks.Employees(3, row: i => [$"Zoé{i}", "Ñandú", $"zoe{i}@import.test", "fr", "", "", ""])); // tracked updates after bulk inserts

        await using var db = _database.OpenForTenant(_alpha);
        var zoe = await db.Employees.SingleAsync(e => e.NormalizedEmail == "ZOE1@IMPORT.TEST");
        (zoe.FirstName, zoe.LastName, zoe.Language, zoe.Status, zoe.SearchText).ShouldBe(("Zoé1", "Ñandú", "fr", EmployeeStatus.Active, "zoe1 nandu zoe1@import.test"));
        var welcome = await db.WelcomeNotifications.SingleAsync(n => n.EmployeeId == zoe.Id);
        welcome.Status.ShouldBe(NotificationStatus.Pending);
        welcome.QueuedAtUtc.ShouldBeGreaterThan(before);
        (await Jooxter.Admin.Infrastructure.Audit.AuditVerifier.VerifyAsync(db, _alpha)).IsIntact.ShouldBeTrue();
        (await db.AuditEntries.Where(a => a.EntityType == nameof(Employee) && a.Action == Jooxter.Admin.Infrastructure.Audit.AuditAction.Updated).CountAsync()).ShouldBe(3);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing()
    {
        var file = Workbooks.Employees(30);
        await ImportAsync(file);
        var auditBefore = await CountAsync(db => db.AuditEntries);

        var again = await ImportAsync(file);

        again.Summary.ShouldBe(new ImportSummary(30, 0, 0, 30, 0, 0, 0));
        (await CountAsync(db => db.AuditEntries)).ShouldBe(auditBefore + 1); // only the record of the import itself
        (await CountAsync(db => db.WelcomeNotifications)).ShouldBe(30);
    }

    [Fact]
    public async Task A_file_with_errors_writes_nothing()
    {
        var file = Workbooks.Employees(20, row: i => i == 7 ? ["", "N7", "not-an-email", "", "", "", ""] : [$"P{i}", $"N{i}", $"person{i}@import.test", "", "", "", ""]);
        var employeesBefore = await CountAsync(db => db.Employees);
        var auditBefore = await CountAsync(db => db.AuditEntries);

        var report = await ImportAsync(file);

        report.Committed.ShouldBeFalse();
        report.Summary.RowsWithErrors.ShouldBe(1);
        report.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => (i.Row, i.Code)).ShouldBe([(8, "Required"), (8, "InvalidEmail")]);
        (await CountAsync(db => db.Employees)).ShouldBe(employeesBefore);
        (await CountAsync(db => db.AuditEntries)).ShouldBe(auditBefore);
        (await CountAsync(db => db.EmployeeImports)).ShouldBe(0);
    }

    [Fact]
    public async Task Rows_with_errors_can_be_skipped_on_request()
    {
        var file = Workbooks.Employees(5, row: i => i == 2 ? ["P2", "N2", "bad@", "", "", "", ""] : [$"P{i}", $"N{i}", $"person{i}@import.test", "", "", "", ""]);

        var report = await ImportAsync(file, new ImportOptions(SkipRowsWithErrors: true));

        report.Committed.ShouldBeTrue();
        report.Summary.Created.ShouldBe(4);
        await using var db = _database.OpenForTenant(_alpha);
        (await db.EmployeeImports.SingleAsync()).SkippedRows.ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing()
    {
        var report = await ImportAsync(Workbooks.Employees(10), commit: false);

        report.Summary.Created.ShouldBe(10);
        report.Committed.ShouldBeFalse();
        (await CountAsync(db => db.Employees.Where(e => e.TenantId == _alpha))).ShouldBe(1);
    }

    [Fact]
    public async Task Deactivate_missing_deactivates_the_others_but_never_the_importer()
    {
        await ImportAsync(Workbooks.Employees(10));

        var report = await ImportAsync(Workbooks.Employees(6), new ImportOptions(DeactivateMissing: true));

        report.Summary.Deactivated.ShouldBe(4);
        await using var db = _database.OpenForTenant(_alpha);
        (await db.Employees.CountAsync(e => e.Status == EmployeeStatus.Deactivated)).ShouldBe(4);
        (await db.Employees.SingleAsync(e => e.Id == _hr)).Status.ShouldBe(EmployeeStatus.Active);

        // Listing them again brings them back.
        (await ImportAsync(Workbooks.Employees(10))).Summary.Updated.ShouldBe(4);
    }

    [Fact]
    public async Task Skipped_rows_and_role_holders_are_not_taken_for_missing()
    {
        await ImportAsync(Workbooks.Employees(5));
        await using (var db = _database.OpenForTenant(_alpha))
        {
            var boss = await db.Employees.SingleAsync(e => e.NormalizedEmail == "PERSON5@IMPORT.TEST");
            db.RoleAssignments.Add(new RoleAssignment { EmployeeId = boss.Id, Role = Jooxter.Admin.Infrastructure.Security.Role.Auditor });
            await db.SaveChangesAsync();
        }

        // Person 2 is listed with a bad phone (skipped), person 5 holds a role: only persons 3 and 4 are missing.
        var file = Workbooks.Employees(2, row: i => i == 2 ? ["P2", "N2", "person2@import.test", "", "not a phone", "", ""] : [$"P{i}", $"N{i}", $"person{i}@import.test", "", "", "", ""]);
        var report = await ImportAsync(file, new ImportOptions(DeactivateMissing: true, SkipRowsWithErrors: true));

        report.Committed.ShouldBeTrue();
        report.Summary.Deactivated.ShouldBe(2);
        await using var check = _database.OpenForTenant(_alpha);
        (await check.Employees.Where(e => e.Status == EmployeeStatus.Deactivated).Select(e => e.NormalizedEmail).OrderBy(e => e).ToListAsync())
            .ShouldBe(["PERSON3@IMPORT.TEST", "PERSON4@IMPORT.TEST"]);
    }

    [Fact]
    public async Task An_import_sees_and_touches_only_its_own_customer()
    {
        // person1@import.test already exists at beta: at alpha it is a new employee, and beta's is untouched.
        var report = await ImportAsync(Workbooks.Employees(3), new ImportOptions(DeactivateMissing: true));

        report.Summary.Created.ShouldBe(3);
        report.Summary.Deactivated.ShouldBe(0);
        await using var db = _database.OpenForTenant(_beta);
        var theirs = await db.Employees.SingleAsync();
        (theirs.FirstName, theirs.Status).ShouldBe(("Ada", EmployeeStatus.Active));
        (await db.EmployeeImports.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Updates_keep_columns_the_file_does_not_have()
    {
        await ImportAsync(Workbooks.Employees(1, row: _ => ["Ada", "Lovelace", "ada@import.test", "en", "06 12 34 56 78", "Finance", ""]));

        var report = await ImportAsync(Workbooks.Create(["Email", "First name", "Last name"], ["ADA@import.test", "Ada", "King"]));

        report.Summary.Updated.ShouldBe(1);
        await using var db = _database.OpenForTenant(_alpha);
        var ada = await db.Employees.SingleAsync(e => e.NormalizedEmail == "ADA@IMPORT.TEST");
        (ada.LastName, ada.Email, ada.Phone, ada.Language).ShouldBe(("King", "ADA@import.test", "+33612345678", "en"));
        ada.DepartmentId.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_bad_file_is_reported_and_writes_nothing()
    {
        var report = await ImportAsync([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]);

        report.FileProblem.ShouldBe(WorkbookProblem.LegacyXls);
        report.Committed.ShouldBeFalse();
        (await CountAsync(db => db.EmployeeImports)).ShouldBe(0);
    }

    [Fact]
    public async Task The_command_line_prints_the_same_summary_as_json_and_exits_by_outcome()
    {
        var folder = Directory.CreateTempSubdirectory("jooxter-cli");
        try
        {
            var good = Path.Combine(folder.FullName, "good.xlsx");
            var bad = Path.Combine(folder.FullName, "bad.xlsx");
            await File.WriteAllBytesAsync(good, Workbooks.Employees(12));
            await File.WriteAllBytesAsync(bad, Workbooks.Employees(3, row: i => i == 2 ? ["P", "N", "x@", "", "", "", ""] : [$"P{i}", $"N{i}", $"p{i}@cli.test", "", "", "", ""]));
            var connection = $"--Database:ConnectionString=Data Source={_database.Path}";

            var (dryRun, dryOut) = await RunCliAsync("import", "employees", good, "--tenant", "alpha", "--dry-run", "--json", connection);
            dryRun.ShouldBe(EmployeeImportCommand.Ok);
            using (var json = JsonDocument.Parse(dryOut))
            {
                json.RootElement.GetProperty("summary").GetProperty("created").GetInt32().ShouldBe(12);
                json.RootElement.GetProperty("committed").GetBoolean().ShouldBeFalse();
            }

            (await CountAsync(db => db.Employees.Where(e => e.TenantId == _alpha))).ShouldBe(1);

            var (withErrors, errorsOut) = await RunCliAsync("import", "employees", bad, "--tenant", "alpha", "--json", connection);
            withErrors.ShouldBe(EmployeeImportCommand.FileHasErrors);
            using (var json = JsonDocument.Parse(errorsOut))
            {
                var issue = json.RootElement.GetProperty("issues").EnumerateArray().Single();
                (issue.GetProperty("sheetRow").GetInt32(), issue.GetProperty("column").GetString(), issue.GetProperty("code").GetString()).ShouldBe((3, "C", "InvalidEmail"));
            }

            var (committed, text) = await RunCliAsync("import", "employees", good, "--tenant", "alpha", connection);
            committed.ShouldBe(EmployeeImportCommand.Ok);
            text.ShouldContain("Create: 12");
            text.ShouldContain("Committed.");
            (await CountAsync(db => db.Employees.Where(e => e.TenantId == _alpha))).ShouldBe(13);
            await using (var db = _database.OpenForTenant(_alpha))
            {
                (await db.EmployeeImports.SingleAsync()).Channel.ShouldBe("cli");
            }

            (await RunCliAsync("import", "employees", good, "--tenant", "nobody", connection)).Code.ShouldBe(EmployeeImportCommand.UsageError);
            (await RunCliAsync("import", "employees", good)).Code.ShouldBe(EmployeeImportCommand.UsageError);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EmployeeImportCommand.RunAsync(args, output, error);
        return (code, output + error.ToString());
    }
}
