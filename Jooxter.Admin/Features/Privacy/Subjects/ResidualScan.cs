using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using Jooxter.Admin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jooxter.Admin.Features.Privacy.Subjects;

/// <summary>Rows of one column still holding one of the subject's identifiers (counts and row keys, never the values).</summary>
public sealed record ScanHit(string Entity, string Column, int Rows, bool Excepted);

/// <summary>The residual scan's result, kept as evidence on the request.</summary>
public sealed record ScanResult(DateTime RanAtUtc, int TablesScanned, int ColumnsScanned, IReadOnlyList<ScanHit> Hits)
{
    /// <summary>Rows still naming the subject outside the DPO's recorded exceptions: erasure is complete at 0.</summary>
    public int Outside => Hits.Where(h => !h.Excepted).Sum(h => h.Rows);
}

/// <summary>
/// Searches every text column of every table of the customer (the audit trail included) for a subject's identifiers,
/// case-insensitively, and can replace what it finds in ordinary rows. The audit trail is never rewritten: a hit there
/// is reported for the DPO to decide (an exception) rather than hidden.
/// </summary>
public static class ResidualScan
{
    public const string Redacted = "[erased]";

    /// <summary>The identifiers to search for: each as given, lower- and upper-cased (accented letters differ in case on SQLite).</summary>
    public static IReadOnlyList<string> Variants(IEnumerable<string?> identifiers) =>
        identifiers.Where(i => !string.IsNullOrWhiteSpace(i) && i.Trim().Length >= 3).Select(i => i!.Trim())
            .SelectMany(i => new[] { i, i.ToLowerInvariant(), i.ToUpperInvariant() })
            .Distinct(StringComparer.Ordinal).ToList();

    public static IEnumerable<(IEntityType Type, IReadOnlyList<IProperty> Columns)> TextColumns(IModel model) =>
        model.GetEntityTypes()
            .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && !t.IsOwned())
            .OrderBy(t => t.ClrType.Name, StringComparer.Ordinal)
            .Select(t => (t, (IReadOnlyList<IProperty>)t.GetProperties().Where(p => p.ClrType == typeof(string)).ToList()))
            .Where(t => t.Item2.Count > 0);

    /// <summary>
    /// The identifiers as whole words: an address or a name is found where it stands alone, not inside a longer one
    /// ("al@acme.com" is not in "val@acme.com", "Anne Martin" is not in "Anne Martinez").
    /// </summary>
    public static Regex Pattern(IReadOnlyList<string> identifiers) => new(
        @"(?<![\p{L}\p{N}._%+-])(?:" + string.Join("|", identifiers.OrderByDescending(i => i.Length).Select(Regex.Escape)) + @")(?![\p{L}\p{N}_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static async Task<ScanResult> RunAsync(AdminDbContext db, IReadOnlyList<string> identifiers, IReadOnlySet<string> excepted, DateTime nowUtc, CancellationToken ct)
    {
        var pattern = identifiers.Count == 0 ? null : Pattern(identifiers);
        var hits = new List<ScanHit>();
        int tables = 0, columns = 0;
        foreach (var (type, properties) in TextColumns(db.Model))
        {
            tables++;
            foreach (var property in properties)
            {
                columns++;
                if (identifiers.Count == 0)
                {
                    continue;
                }

                // The database narrows the rows down (LIKE, any case); the whole-word rule decides.
                var values = await (Task<List<string>>)CountMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, property.Name, identifiers, ct])!;
                var rows = values.Count(v => pattern!.IsMatch(v));
                if (rows > 0)
                {
                    hits.Add(new ScanHit(type.ClrType.Name, property.Name, rows, excepted.Contains(type.ClrType.Name)));
                }
            }
        }

        return new ScanResult(nowUtc, tables, columns, hits);
    }

    /// <summary>
    /// Replaces the identifiers in the rows the scan found, outside the audit trail, the exceptions and the employee
    /// records (another person's record is never rewritten: a hit there is reported for the DPO to look at); returns
    /// the number of cells changed. Written without the change tracker so that the text removed is not copied into
    /// the trail.
    /// </summary>
    public static async Task<int> RedactAsync(AdminDbContext db, ScanResult scan, IReadOnlyList<string> identifiers, CancellationToken ct)
    {
        var pattern = Pattern(identifiers);
        var changed = 0;
        foreach (var hit in scan.Hits.Where(h => !h.Excepted && h.Entity is not (nameof(Infrastructure.Audit.AuditEntry) or nameof(People.Employee))))
        {
            var type = db.Model.GetEntityTypes().Single(t => t.ClrType.Name == hit.Entity);
            if (!typeof(Entity).IsAssignableFrom(type.ClrType))
            {
                continue;
            }

            changed += await (Task<int>)RedactMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, hit.Column, identifiers, pattern, ct])!;
        }

        return changed;
    }

    private static readonly MethodInfo CountMethod = typeof(ResidualScan).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo RedactMethod = typeof(ResidualScan).GetMethod(nameof(RedactRowsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<List<string>> CountAsync<T>(AdminDbContext db, string column, IReadOnlyList<string> identifiers, CancellationToken ct)
        where T : class =>
        db.Set<T>().IgnoreQueryFilters().Where(TenantOf<T>(db)).Where(Matching<T>(column, identifiers)).Select(e => EF.Property<string>(e, column)).ToListAsync(ct);

    private static async Task<int> RedactRowsAsync<T>(AdminDbContext db, string column, IReadOnlyList<string> identifiers, Regex pattern, CancellationToken ct)
        where T : Entity
    {
        var rows = await db.Set<T>().IgnoreQueryFilters().Where(TenantOf<T>(db)).Where(Matching<T>(column, identifiers))
            .Select(e => new { e.Id, Value = EF.Property<string>(e, column) }).ToListAsync(ct);
        var count = 0;
        foreach (var row in rows.Where(r => pattern.IsMatch(r.Value)))
        {
            count++;
            var value = pattern.Replace(row.Value, Redacted);
            await db.Set<T>().IgnoreQueryFilters().Where(e => e.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string>(e, column), value), ct);
        }

        return count;
    }

    // Positions older than 30 minutes are hidden by a filter but may not be purged yet: the scan reads past every filter, within the customer.
    private static Expression<Func<T, bool>> TenantOf<T>(AdminDbContext db)
        where T : class
    {
        var tenant = db.Scope.TenantId ?? throw new InvalidOperationException("The residual scan runs within one customer.");
        return e => EF.Property<Guid>(e, nameof(ITenantOwned.TenantId)) == tenant;
    }

    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static Expression<Func<T, bool>> Matching<T>(string column, IReadOnlyList<string> identifiers)
    {
        var row = Expression.Parameter(typeof(T), "e");
        var value = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(string)], row, Expression.Constant(column));
        Expression? any = null;
        foreach (var identifier in identifiers)
        {
            var pattern = "%" + identifier.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal) + "%";
            Expression<Func<string>> boxed = () => pattern;
            var like = Expression.Call(Like, Expression.Constant(EF.Functions), value, boxed.Body, Expression.Constant("\\"));
            any = any is null ? like : Expression.OrElse(any, like);
        }

        return Expression.Lambda<Func<T, bool>>(any ?? Expression.Constant(false), row);
    }
}
