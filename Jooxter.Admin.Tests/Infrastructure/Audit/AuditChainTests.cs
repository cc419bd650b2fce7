using System.Text.Json;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Audit;
using Jooxter.Admin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Tests.Infrastructure.Audit;

public sealed class AuditChainTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenant;
    private Guid _employee;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        (_tenant, _employee) = await _database.AddTenantAsync("alpha", "ada@alpha.test");
        for (var i = 0; i < 3; i++)
        {
            await using var db = _database.OpenForTenant(_tenant, _employee);
            db.Departments.Add(new Department { Name = $"Department {i}" });
            await db.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Every_change_is_recorded_with_who_what_and_the_changed_fields()
    {
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            var department = await db.Departments.FirstAsync(d => d.Name == "Department 0");
            department.Name = "Finance";
            await db.SaveChangesAsync();
        }

        await using var read = _database.OpenForTenant(_tenant);
        var last = await read.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync();
        last.Action.ShouldBe(AuditAction.Updated);
        last.EntityType.ShouldBe(nameof(Department));
        last.ActorId.ShouldBe(_employee);
        last.Channel.ShouldBe("console");
        using var changes = JsonDocument.Parse(last.Changes);
        changes.RootElement.GetProperty("Name").GetProperty("before").GetString().ShouldBe("Department 0");
        changes.RootElement.GetProperty("Name").GetProperty("after").GetString().ShouldBe("Finance");
    }

    [Fact]
    public async Task A_new_or_deleted_row_lists_the_fields_it_held_and_not_those_empty_before_and_after()
    {
        var id = Guid.CreateVersion7();
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            db.Employees.Add(new Employee { Id = id, FirstName = "Grace", LastName = "Hopper", Email = "grace@alpha.test", Language = "en" });
            await db.SaveChangesAsync();
        }

        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            db.Employees.Remove(await db.Employees.SingleAsync(e => e.Id == id));
            await db.SaveChangesAsync();
        }

        await using var read = _database.OpenForTenant(_tenant);
        var entries = await read.AuditEntries.Where(a => a.EntityId == id.ToString()).OrderBy(a => a.Sequence).ToListAsync();
        entries.Select(e => e.Action).ShouldBe([AuditAction.Created, AuditAction.Deleted]);
        string[] held = ["Email", "FirstName", "Language", "LastName", "NormalizedEmail", "SearchText", "Status"];
        foreach (var entry in entries)
        {
            using var changes = JsonDocument.Parse(entry.Changes);
            changes.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray().ShouldBe(held, customMessage: entry.Action.ToString());
        }

        (await AuditVerifier.VerifyAsync(read, _tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Personal_values_are_masked_in_the_audit()
    {
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            var employee = await db.Employees.SingleAsync();
            employee.LastName = "Byron";
            employee.Language = "en";
            await db.SaveChangesAsync();
        }

        await using var read = _database.OpenForTenant(_tenant);
        var last = await read.AuditEntries.OrderByDescending(a => a.Sequence).FirstAsync();
        last.Changes.ShouldNotContain("Byron");
        last.Changes.ShouldNotContain("Lovelace");
        using var changes = JsonDocument.Parse(last.Changes);
        changes.RootElement.GetProperty("LastName").GetProperty("after").GetString().ShouldBe(AuditRecorder.PersonalMask);
        changes.RootElement.GetProperty("Language").GetProperty("after").GetString().ShouldBe("en");
    }

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        await using var db = _database.OpenForTenant(_tenant);
        var result = await AuditVerifier.VerifyAsync(db, _tenant);

        result.IsIntact.ShouldBeTrue(result.Problem);
        result.EntriesChecked.ShouldBe(4); // the employee and three departments; the tenant itself is on the platform chain
    }

    [Fact]
    public async Task An_edited_entry_breaks_the_chain()
    {
        await TamperAsync("UPDATE AuditEntries SET Changes = replace(Changes, 'Department 1', 'Department X') WHERE TenantId = @p0 AND Sequence = 3");

        var result = await VerifyAsync();
        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(3);
        result.Problem.ShouldBe("content");
    }

    [Fact]
    public async Task A_deleted_entry_breaks_the_chain()
    {
        await TamperAsync("DELETE FROM AuditEntries WHERE TenantId = @p0 AND Sequence = 2");

        var result = await VerifyAsync();
        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(2);
    }

    [Fact]
    public async Task Deleting_the_newest_entry_is_detected()
    {
        await TamperAsync("DELETE FROM AuditEntries WHERE TenantId = @p0 AND Sequence = (SELECT max(Sequence) FROM AuditEntries WHERE TenantId = @p0)");

        var result = await VerifyAsync();
        result.IsIntact.ShouldBeFalse();
        result.Problem.ShouldBe("truncated");
    }

    [Fact]
    public async Task A_recomputed_hash_without_relinking_is_detected()
    {
        // Rewrite one entry and its own hash: the next entry's link no longer matches.
        await using (var db = _database.OpenSystem())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.TenantId == _tenant && a.Sequence == 2);
            entry.Changes = "{}";
            var forged = entry.ComputeHash(TestDatabase.Key);
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Changes = {0}, Hash = {1} WHERE Id = {2}", "{}", forged, entry.Id);
        }

        var result = await VerifyAsync();
        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(3);
        result.Problem.ShouldBe("link");
    }

    [Fact]
    public async Task The_data_layer_refuses_to_edit_or_delete_audit_entries()
    {
        await using var db = _database.OpenForTenant(_tenant);
        var entry = await db.AuditEntries.FirstAsync();
        entry.Channel = "forged";

        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Nobody_but_the_data_layer_may_append_to_the_trail()
    {
        await using var db = _database.OpenForTenant(_tenant);
        db.AuditEntries.Add(new AuditEntry { TenantId = _tenant, Sequence = 99, Channel = "forged", EntityType = "X", EntityId = "1", Changes = "{}", PreviousHash = "", Hash = "" });

        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_failed_save_can_be_retried_without_forking_the_chain()
    {
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            db.Departments.Add(new Department { Name = "Department 0" }); // duplicate name: the unique index refuses it
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Entries<Department>().Single(e => e.State == EntityState.Added).Entity.Name = "Department 9";
            await db.SaveChangesAsync();
        }

        (await VerifyAsync()).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Each_tenant_has_its_own_chain()
    {
        var (other, _) = await _database.AddTenantAsync("beta", "bob@beta.test");
        await using var db = _database.OpenSystem();

        (await AuditVerifier.VerifyAsync(db, other)).EntriesChecked.ShouldBe(1);
        (await db.AuditEntries.Where(a => a.TenantId == other).Select(a => a.Sequence).SingleAsync()).ShouldBe(1);
        (await AuditVerifier.VerifyAsync(db, _tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_database_administrator_who_rewrites_and_relinks_the_whole_chain_is_detected()
    {
        // With every table at hand but not the key: rewrite an entry, recompute every link and the head as a plain
        // SHA-256 chain (or one under a key of their own), exactly as the data layer's canonical form lays them out.
        await using (var db = _database.OpenSystem())
        {
            var entries = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == _tenant).OrderBy(a => a.Sequence).ToListAsync();
            var previous = "";
            foreach (var entry in entries)
            {
                var changes = entry.Sequence == 2 ? "{}" : entry.Changes;
                var canonical = AuditEntry.Canonical(entry.TenantId, entry.Sequence, entry.OccurredAtUtc, entry.ActorId, entry.Channel, entry.Action, entry.EntityType, entry.EntityId, changes, previous);
                var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
                await db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Changes = {0}, PreviousHash = {1}, Hash = {2} WHERE Id = {3}", changes, previous, hash, entry.Id);
                previous = hash;
            }

            await db.Database.ExecuteSqlRawAsync("UPDATE AuditChainHeads SET Hash = {0} WHERE TenantId = {1}", previous, _tenant);
        }

        var result = await VerifyAsync();

        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(1);
        result.Problem.ShouldBe("content");
    }

    [Fact]
    public async Task Deleting_the_oldest_entries_and_moving_the_pruning_anchor_past_them_is_detected()
    {
        // As a database administrator would: delete entries 1 and 2 (still within retention), then move the anchor
        // that retention keeps past them, copying entry 2's hash, and sign it with a key of their own.
        await using (var db = _database.OpenSystem())
        {
            var second = await db.AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.TenantId == _tenant && a.Sequence == 2);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence <= 2", _tenant);
            var forged = AuditChainHead.SignAnchor(new AuditKey(new byte[32]), _tenant, 2, second.Hash);
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditChainHeads SET PrunedThrough = 2, PrunedHash = {0}, PrunedSignature = {1} WHERE TenantId = {2}", second.Hash, forged, _tenant);
        }

        var result = await VerifyAsync();

        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(2);
        result.Problem.ShouldBe("anchor");
    }

    [Fact]
    public async Task An_older_genuine_anchor_put_back_after_a_later_pruning_is_detected()
    {
        // Retention pruned through entry 3 (entries 1 to 3 gone); someone puts back the anchor an earlier pruning had
        // signed at entry 1, as if entries 2 and 3 were still to be kept.
        await using (var db = _database.OpenSystem())
        {
            var first = await db.AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.TenantId == _tenant && a.Sequence == 1);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence <= 3", _tenant);
            var genuine = AuditChainHead.SignAnchor(TestDatabase.Key, _tenant, 1, first.Hash);
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditChainHeads SET PrunedThrough = 1, PrunedHash = {0}, PrunedSignature = {1} WHERE TenantId = {2}", first.Hash, genuine, _tenant);
        }

        var result = await VerifyAsync();

        result.IsIntact.ShouldBeFalse();
        result.BrokenAtSequence.ShouldBe(2);
        result.Problem.ShouldBe("missing");
    }

    [Fact]
    public async Task Cutting_the_newest_entries_and_moving_the_head_back_is_caught_by_the_checkpoint()
    {
        var folder = Directory.CreateTempSubdirectory("jooxter-checkpoints-").FullName;
        try
        {
            var store = new AuditCheckpointStore(folder, TestDatabase.Key, Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditCheckpointStore>.Instance);
            await using (var db = _database.OpenSystem())
            {
                (await store.CheckpointAllAsync(db, new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero))).ShouldBeGreaterThanOrEqualTo(1);
            }

            var checkpoint = store.Latest(_tenant)!;
            checkpoint.Sequence.ShouldBe(4);

            // Without a checkpoint, a cut at the end with the head moved back to the new last entry looks intact.
            await using (var db = _database.OpenSystem())
            {
                var third = await db.AuditEntries.IgnoreQueryFilters().SingleAsync(a => a.TenantId == _tenant && a.Sequence == 3);
                await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries WHERE TenantId = {0} AND Sequence = 4", _tenant);
                await db.Database.ExecuteSqlRawAsync("UPDATE AuditChainHeads SET Sequence = 3, Hash = {0} WHERE TenantId = {1}", third.Hash, _tenant);
            }

            (await VerifyAsync()).IsIntact.ShouldBeTrue();
            await using var check = _database.OpenForTenant(_tenant);
            var result = await AuditVerifier.VerifyAsync(check, _tenant, default, store.Latest(_tenant));
            result.IsIntact.ShouldBeFalse();
            result.Problem.ShouldBe("checkpoint");

            // A forged checkpoint line (signed without the key) is ignored.
            await File.AppendAllTextAsync(Path.Combine(folder, $"{_tenant:N}.jsonl"), JsonSerializer.Serialize(checkpoint with { Sequence = 9, Hash = "forged", Signature = "00" }) + "\n");
            store.Latest(_tenant).ShouldBe(checkpoint);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Group_memberships_are_recorded_within_their_employees_entry()
    {
        Guid groupA, groupB;
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            var a = new UserGroup { Name = "Group A" };
            var b = new UserGroup { Name = "Group B" };
            db.UserGroups.AddRange(a, b);
            await db.SaveChangesAsync();
            (groupA, groupB) = (a.Id, b.Id);
        }

        Guid person;
        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            var employee = new Employee { FirstName = "Grace", LastName = "Hopper", Email = "grace@alpha.test" };
            db.Employees.Add(employee);
            db.UserGroupMembers.AddRange(new UserGroupMember { UserGroupId = groupA, EmployeeId = employee.Id }, new UserGroupMember { UserGroupId = groupB, EmployeeId = employee.Id });
            await db.SaveChangesAsync();
            person = employee.Id;
        }

        await using (var db = _database.OpenForTenant(_tenant, _employee))
        {
            db.UserGroupMembers.Remove(await db.UserGroupMembers.SingleAsync(m => m.EmployeeId == person && m.UserGroupId == groupA));
            await db.SaveChangesAsync();
        }

        await using var read = _database.OpenForTenant(_tenant);
        (await read.AuditEntries.CountAsync(a => a.EntityType == nameof(UserGroupMember))).ShouldBe(0);
        var entries = await read.AuditEntries.Where(a => a.EntityId == person.ToString()).OrderBy(a => a.Sequence).ToListAsync();
        entries.Select(e => e.Action).ShouldBe([AuditAction.Created, AuditAction.Updated]);
        using (var created = JsonDocument.Parse(entries[0].Changes))
        {
            created.RootElement.GetProperty("Groups").GetProperty("after").EnumerateArray().Select(g => g.GetString()).Order().ShouldBe(new[] { groupA.ToString(), groupB.ToString() }.Order());
        }

        using var removed = JsonDocument.Parse(entries[1].Changes);
        removed.RootElement.GetProperty("Groups").GetProperty("before").EnumerateArray().Select(g => g.GetString()).ShouldBe([groupA.ToString()]);
        removed.RootElement.GetProperty("Groups").GetProperty("after").ValueKind.ShouldBe(JsonValueKind.Null);
        (await VerifyAsync()).IsIntact.ShouldBeTrue();
    }

    private async Task TamperAsync(string sql)
    {
        await using var db = _database.OpenSystem();
        await db.Database.ExecuteSqlRawAsync(sql, _tenant);
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = _database.OpenForTenant(_tenant);
        return await AuditVerifier.VerifyAsync(db, _tenant);
    }
}
