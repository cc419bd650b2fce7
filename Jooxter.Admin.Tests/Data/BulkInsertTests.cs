using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Features.People.Import;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Data;

/// <summary>
/// Rows written in bulk (the HR import) must be stored and audited exactly as rows saved through the change tracker:
/// same column values and types, same audit description, and a chain that still verifies.
/// </summary>
public sealed class BulkInsertTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenant;
    private Guid _hr;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (_tenant, _hr) = await _database.AddTenantAsync("bulk", "hr@bulk.test");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static Employee Person(Guid id, string email, Guid department) => new()
    {
        Id = id,
        FirstName = "Zoé",
        LastName = "D'Été \"quoted\"",
        Email = email,
        Language = "fr",
        Phone = "+33 6 12 34 56 78",
        DepartmentId = department,
        Status = EmployeeStatus.Active,
    };

    [Fact]
    public async Task A_bulk_insert_stores_and_audits_rows_exactly_as_a_tracked_save_does()
    {
        var department = new Department { Name = "Ventes" };
        var (first, second) = (new UserGroup { Name = "Paris" }, new UserGroup { Name = "Lyon" });
        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            db.AddRange(department, first, second);
            await db.SaveChangesAsync();
        }

        var tracked = Guid.Parse("11111111-1111-1111-1111-111111111111");
        var bulk = Guid.Parse("22222222-2222-2222-2222-222222222222");
        var alone = Guid.Parse("33333333-3333-3333-3333-333333333333");
        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            db.Employees.Add(Person(tracked, "zoe.tracked@bulk.test", department.Id));
            db.UserGroupMembers.Add(new UserGroupMember { EmployeeId = tracked, UserGroupId = first.Id });
            db.UserGroupMembers.Add(new UserGroupMember { EmployeeId = tracked, UserGroupId = second.Id });
            await db.SaveChangesAsync();
        }

        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync(
                [Person(bulk, "zoe.bulk@bulk.test", department.Id), Person(alone, "zoe.alone@bulk.test", department.Id)],
                [new UserGroupMember { EmployeeId = bulk, UserGroupId = first.Id }, new UserGroupMember { EmployeeId = bulk, UserGroupId = second.Id }]);
            await transaction.CommitAsync();
        }

        // The stored rows, read with plain SQL: every column but the key, the address and the row version is the same, with the same storage class.
        var rows = ReadRows($"SELECT * FROM Employees WHERE Id IN ('{tracked.ToString().ToUpperInvariant()}', '{bulk.ToString().ToUpperInvariant()}')");
        rows.Count.ShouldBe(2);
        string[] differing = ["Id", "Email", "NormalizedEmail", "Version", "SearchText"];
        rows[1].Where(c => !differing.Contains(c.Key)).ShouldBe(rows[0].Where(c => !differing.Contains(c.Key)));
        rows[0]["FirstName"].ShouldBe("text:Zoé");
        rows[0]["Status"].ShouldBe(rows[1]["Status"]);
        rows[1]["TenantId"].ShouldBe($"text:{_tenant.ToString().ToUpperInvariant()}");
        var members = ReadRows($"SELECT UserGroupId FROM UserGroupMembers WHERE EmployeeId = '{bulk.ToString().ToUpperInvariant()}' ORDER BY UserGroupId");
        members.Select(m => m["UserGroupId"]).ShouldBe(new[] { first.Id, second.Id }.Select(g => $"text:{g.ToString().ToUpperInvariant()}").Order(StringComparer.Ordinal));

        await using var read = _database.OpenForTenant(_tenant);
        var audit = await read.AuditEntries.Where(a => a.EntityType == nameof(Employee)).ToDictionaryAsync(a => a.EntityId, a => a.Changes);
        audit[bulk.ToString()].ShouldBe(audit[tracked.ToString()]);
        // A new row lists the fields it was given: the company, building, profile, directory identity and restriction
        // it does not have are not listed.
        var expected = $$$"""
            {"DepartmentId":{"before":null,"after":"{{{department.Id}}}"},"Email":{"before":null,"after":"(personal data)"},"FirstName":{"before":null,"after":"(personal data)"},"Language":{"before":null,"after":"fr"},"LastName":{"before":null,"after":"(personal data)"},"NormalizedEmail":{"before":null,"after":"(personal data)"},"Phone":{"before":null,"after":"(personal data)"},"SearchText":{"before":null,"after":"(personal data)"},"Status":{"before":null,"after":"Active"},"Groups":{"before":null,"after":["{{{first.Id}}}","{{{second.Id}}}"]}}
            """;
        audit[bulk.ToString()].ShouldBe(expected);
        audit[alone.ToString()].ShouldBe(expected.Replace($$""","Groups":{"before":null,"after":["{{first.Id}}","{{second.Id}}"]}""", "", StringComparison.Ordinal));
        (await read.AuditEntries.CountAsync(a => a.EntityType == nameof(UserGroupMember))).ShouldBe(0);
        (await AuditVerifier.VerifyAsync(read, _tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Dates_numbers_states_and_audit_columns_written_in_bulk_are_stored_as_a_tracked_save_stores_them()
    {
        var moment = new DateTime(2026, 3, 2, 9, 15, 30, DateTimeKind.Utc).AddTicks(1_234_567);
        var trackedImport = new EmployeeImport { FileName = "a.xlsx", ImportedAtUtc = moment, ImportedById = _hr, Channel = "console", Created = 3, Unchanged = 1 };
        var bulkImport = new EmployeeImport { FileName = "a.xlsx", ImportedAtUtc = moment, ImportedById = _hr, Channel = "console", Created = 3, Unchanged = 1 };
        WelcomeNotification Welcome(Guid import) => new() { EmployeeId = _hr, ImportId = import, QueuedAtUtc = moment, Status = NotificationStatus.Failed, Attempts = 4, NextAttemptAtUtc = moment.AddMinutes(5), LastError = "Mailbox full" };
        var trackedWelcome = Welcome(trackedImport.Id);
        var bulkWelcome = Welcome(bulkImport.Id);
        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            db.AddRange(trackedImport, trackedWelcome);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.OpenForTenant(_tenant, _hr))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync<EmployeeImport>([bulkImport]);
            await db.BulkInsertAsync<WelcomeNotification>([bulkWelcome]);
            await transaction.CommitAsync();
        }

        string Text(Guid id) => id.ToString().ToUpperInvariant();
        string[] keys = ["Id", "ImportId", "Version"];
        var imports = ReadRows($"SELECT * FROM EmployeeImports WHERE Id IN ('{Text(trackedImport.Id)}', '{Text(bulkImport.Id)}')");
        imports[1].Where(c => !keys.Contains(c.Key)).ShouldBe(imports[0].Where(c => !keys.Contains(c.Key)));
        imports[0]["ImportedAtUtc"].ShouldBe("text:2026-03-02 09:15:30.1234567");
        imports[0]["Created"].ShouldBe("integer:3");
        var welcomes = ReadRows($"SELECT * FROM WelcomeNotifications WHERE ImportId IN ('{Text(trackedImport.Id)}', '{Text(bulkImport.Id)}')");
        welcomes.Count.ShouldBe(2);
        welcomes[1].Where(c => !keys.Contains(c.Key)).ShouldBe(welcomes[0].Where(c => !keys.Contains(c.Key)));
        welcomes[0]["Attempts"].ShouldBe("integer:4");
        welcomes[0]["SentAtUtc"].ShouldBe("null");

        // The audit entries of both: every column of the same storage class, the time in the same form.
        var audit = ReadRows($"SELECT * FROM AuditEntries WHERE EntityId IN ('{trackedImport.Id}', '{bulkImport.Id}') ORDER BY Sequence");
        audit.Count.ShouldBe(2);
        audit[1].Select(c => (c.Key, c.Value.Split(':')[0])).ShouldBe(audit[0].Select(c => (c.Key, c.Value.Split(':')[0])));
        audit.Select(a => a["Changes"]).Distinct().Count().ShouldBe(1);
        audit.ShouldAllBe(a => System.Text.RegularExpressions.Regex.IsMatch(a["OccurredAtUtc"], @"^text:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$"));
        await using var read = _database.OpenForTenant(_tenant);
        (await AuditVerifier.VerifyAsync(read, _tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_bulk_insert_that_breaks_a_unique_rule_fails_with_the_databases_error_and_writes_nothing()
    {
        await using var db = _database.OpenForTenant(_tenant, _hr);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var error = await Should.ThrowAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.BulkInsertAsync<Department>([new Department { Name = "Twice" }, new Department { Name = "Twice" }]));
        error.SqliteErrorCode.ShouldBe(19); // SQLITE_CONSTRAINT
        error.Message.ShouldContain("UNIQUE");
        await transaction.RollbackAsync();
        await using var read = _database.OpenForTenant(_tenant);
        (await read.Departments.CountAsync(d => d.Name == "Twice")).ShouldBe(0);
    }

    [Fact]
    public async Task Empty_text_stays_empty_text_and_a_customer_whose_audit_chain_has_no_head_yet_starts_one()
    {
        var fresh = new Jooxter.Admin.Features.Tenants.Tenant { Slug = "fresh", Name = "Fresh", ContractStart = new DateOnly(2026, 1, 1) };
        await using (var db = _database.OpenSystem())
        {
            db.Tenants.Add(fresh);
            await db.SaveChangesAsync();
        }

        var group = new UserGroup { Name = "Bulk", Description = "" };
        await using (var db = _database.OpenForTenant(fresh.Id))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.BulkInsertAsync<UserGroup>([group]);
            await transaction.CommitAsync();
        }

        ReadRows($"SELECT Id, Description FROM UserGroups WHERE Id = '{group.Id.ToString().ToUpperInvariant()}'").Single()["Description"].ShouldBe("text:");
        await using var read = _database.OpenForTenant(fresh.Id);
        var first = await read.AuditEntries.SingleAsync();
        (first.Sequence, first.PreviousHash).ShouldBe((1L, ""));
        (await AuditVerifier.VerifyAsync(read, fresh.Id)).IsIntact.ShouldBeTrue();
    }

    private List<Dictionary<string, string>> ReadRows(string sql)
    {
        using var connection = new SqliteConnection(_database.Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql + (sql.Contains("ORDER BY", StringComparison.Ordinal) ? "" : " ORDER BY Id");
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? "null" : $"{reader.GetDataTypeName(i).ToLowerInvariant()}:{reader.GetValue(i)}";
            }

            rows.Add(row);
        }

        return rows;
    }
}
