using System.Reflection;
using System.Text.Json.Nodes;
using Jooxter.Admin.Data;
using Jooxter.Admin.Features.People;
using Jooxter.Admin.Infrastructure.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Features.Privacy.Subjects;

/// <summary>One table of a subject's data: its rows as column to value, columns in model order.</summary>
public sealed record SubjectTable(string Entity, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>An audit entry about the subject's data: what was done, when, and by which role (never by whom).</summary>
public sealed record SubjectAuditLine(DateTime AtUtc, string Action, string Entity, IReadOnlyList<string> Fields, string By);

public sealed record SubjectDataSet(IReadOnlyList<SubjectTable> Tables, IReadOnlyList<SubjectAuditLine> Audit, byte[]? Photo);

/// <summary>
/// Reads everything the console holds about a subject by walking <see cref="SubjectLinks"/>: every column of the rows
/// found, except other people's identities (a link to another employee is left out) and bookkeeping (tenant, version);
/// a link to a named thing (a space, a group) is shown with that thing's name.
/// </summary>
public static class SubjectData
{
    public const string SubjectMarker = "(you)";

    public static async Task<SubjectDataSet> ReadAsync(AdminDbContext db, AdminDbContext platform, DataSubject subject, CancellationToken ct)
    {
        var tables = new List<SubjectTable>();
        var audited = new List<(string Entity, string Id)>();
        byte[]? photo = null;
        foreach (var link in SubjectLinks.All.Reverse())
        {
            var rows = await link.LoadAsync(link.Platform ? platform : db, subject, track: false, ct);
            if (rows.Count == 0)
            {
                continue;
            }

            var type = db.Model.FindEntityType(link.Entity)!;
            var columns = type.GetProperties()
                .Where(p => p.Name is not (nameof(TenantEntity.Version) or nameof(ITenantOwned.TenantId)) && !link.Hidden.Contains(p.Name))
                .ToList();
            var names = await NamesOfReferencesAsync(db, type, rows, ct);
            var shown = new List<IReadOnlyDictionary<string, object?>>(rows.Count);
            foreach (var row in rows)
            {
                var values = new Dictionary<string, object?>(columns.Count);
                var owned = link.Owns?.Invoke(row, subject) ?? true;
                foreach (var column in columns)
                {
                    if (!owned && PersonalDataCatalog.IsPersonal(column))
                    {
                        continue;
                    }

                    var value = column.GetGetter().GetClrValueUsingContainingEntity(row);
                    var foreignKey = column.GetContainingForeignKeys().FirstOrDefault(f => f.Properties.Count == 1);
                    if (foreignKey?.PrincipalEntityType.ClrType == typeof(Employee))
                    {
                        // Another person's id is theirs, not the subject's: only the subject's own place in the row is shown.
                        if (value is Guid id && id == subject.Id)
                        {
                            values[column.Name] = SubjectMarker;
                        }

                        continue;
                    }

                    values[column.Name] = value;
                    if (value is Guid key && names.TryGetValue(key, out var name))
                    {
                        values[column.Name + "Name"] = name;
                    }
                }

                if (row is EmployeePhoto picture)
                {
                    photo = picture.Content;
                }

                shown.Add(values);
                if (link.Entity.IsAssignableTo(typeof(Entity)) && AuditedEntities.Contains(link.Entity.Name))
                {
                    audited.Add((link.Entity.Name, ((Entity)row).Id.ToString()));
                }
            }

            var columnNames = shown.SelectMany(r => r.Keys).Distinct().ToList();
            tables.Add(new SubjectTable(link.Entity.Name, columnNames, shown));
        }

        return new SubjectDataSet(tables, await AuditAsync(db, audited, subject, ct), photo);
    }

    private static readonly HashSet<string> AuditedEntities = SubjectLinks.All.Select(l => l.Entity.Name).ToHashSet();

    /// <summary>Names of the named things (spaces, groups, departments...) the rows point at, one query per type.</summary>
    private static async Task<Dictionary<Guid, string>> NamesOfReferencesAsync(AdminDbContext db, IEntityType type, List<object> rows, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var foreignKey in type.GetForeignKeys().Where(f => f.Properties.Count == 1 && f.PrincipalEntityType.FindProperty("Name")?.ClrType == typeof(string) && typeof(Entity).IsAssignableFrom(f.PrincipalEntityType.ClrType)))
        {
            var getter = foreignKey.Properties[0].GetGetter();
            var ids = rows.Select(r => getter.GetClrValueUsingContainingEntity(r)).OfType<Guid>().Distinct().ToList();
            foreach (var chunk in ids.Chunk(500))
            {
                var found = await (Task<List<KeyValuePair<Guid, string>>>)NamesMethod.MakeGenericMethod(foreignKey.PrincipalEntityType.ClrType).Invoke(null, [db, chunk.ToList(), ct])!;
                foreach (var (id, name) in found)
                {
                    names[id] = name;
                }
            }
        }

        return names;
    }

    private static readonly MethodInfo NamesMethod = typeof(SubjectData).GetMethod(nameof(NamesAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<List<KeyValuePair<Guid, string>>> NamesAsync<T>(AdminDbContext db, List<Guid> ids, CancellationToken ct)
        where T : Entity =>
        db.Set<T>().Where(e => ids.Contains(e.Id))
            .Select(e => new KeyValuePair<Guid, string>(e.Id, EF.Property<string>(e, "Name"))).ToListAsync(ct);

    /// <summary>
    /// The audit entries of the subject's rows: when, what, which fields, and the role of whoever did it ("you" for the
    /// subject, the channel for the system), never another person's name or the values (which the trail masks anyway).
    /// </summary>
    private static async Task<List<SubjectAuditLine>> AuditAsync(AdminDbContext db, List<(string Entity, string Id)> rows, DataSubject subject, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        foreach (var group in rows.GroupBy(r => r.Entity))
        {
            foreach (var chunk in group.Select(r => r.Id).Chunk(500))
            {
                var ids = chunk.ToList();
                var entity = group.Key;
                entries.AddRange(await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == entity && ids.Contains(e.EntityId)).ToListAsync(ct));
            }
        }

        var actors = entries.Select(e => e.ActorId).OfType<Guid>().Distinct().ToList();
        var roles = new Dictionary<Guid, string>();
        foreach (var chunk in actors.Chunk(500))
        {
            var ids = chunk.ToList();
            foreach (var group in (await db.RoleAssignments.AsNoTracking().Where(r => ids.Contains(r.EmployeeId)).Select(r => new { r.EmployeeId, r.Role }).ToListAsync(ct)).GroupBy(r => r.EmployeeId))
            {
                roles[group.Key] = string.Join(", ", group.Select(r => r.Role.ToString()).Distinct().Order(StringComparer.Ordinal));
            }
        }

        return entries
            .OrderBy(e => e.OccurredAtUtc).ThenBy(e => e.Sequence)
            .Select(e => new SubjectAuditLine(
                e.OccurredAtUtc,
                e.Action.ToString(),
                e.EntityType,
                (JsonNode.Parse(e.Changes) as JsonObject)?.Select(p => p.Key).ToList() ?? [],
                e.ActorId is null ? e.Channel : e.ActorId == subject.EmployeeId ? SubjectMarker : roles.GetValueOrDefault(e.ActorId.Value, "Employee")))
            .ToList();
    }
}
