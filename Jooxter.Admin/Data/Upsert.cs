using Microsoft.EntityFrameworkCore;

namespace Jooxter.Admin.Data;

/// <summary>
/// Many rows inserted or updated in one statement on a unique key: SQLite's <c>INSERT … ON CONFLICT … DO UPDATE</c>,
/// SQL Server's <c>MERGE … WITH (HOLDLOCK)</c>. For high-rate bookkeeping rows (positions, counts) that are not audited;
/// the caller supplies the customer and checks every reference, as the change tracker would have.
/// Values go through EF's type mappings, so they are stored exactly as EF stores them.
/// </summary>
public static class Upsert
{
    public static async Task RunAsync(AdminDbContext db, string table, string[] columns, string[] key, string[] replace, string[] increments, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sqlServer = db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
        // SQL Server takes at most 2,100 parameters in one statement; SQLite finds each named parameter by a linear scan
        // of the statement's names, so a statement of thousands costs more to bind than to run: a few hundred each.
        var perStatement = Math.Max(1, (sqlServer ? 2000 : 400) / columns.Length);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var parameters = new List<object?>(chunk.Length * columns.Length);
            var values = new List<string>(chunk.Length);
            foreach (var row in chunk)
            {
                var first = parameters.Count;
                values.Add("(" + string.Join(", ", Enumerable.Range(first, columns.Length).Select(i => $"{{{i}}}")) + ")");
                parameters.AddRange(row);
            }

            string Q(string name) => sqlServer ? $"[{name}]" : $"\"{name}\"";
            var list = string.Join(", ", columns.Select(Q));
            var sql = sqlServer
                ? $"MERGE {Q(table)} WITH (HOLDLOCK) AS t USING (VALUES {string.Join(", ", values)}) AS s ({list}) ON {string.Join(" AND ", key.Select(k => $"t.{Q(k)} = s.{Q(k)}"))} "
                  + $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", replace.Select(c => $"{Q(c)} = s.{Q(c)}").Concat(increments.Select(c => $"{Q(c)} = t.{Q(c)} + s.{Q(c)}")))} "
                  + $"WHEN NOT MATCHED THEN INSERT ({list}) VALUES ({string.Join(", ", columns.Select(c => $"s.{Q(c)}"))});"
                : $"INSERT INTO {Q(table)} ({list}) VALUES {string.Join(", ", values)} ON CONFLICT ({string.Join(", ", key.Select(Q))}) "
                  + $"DO UPDATE SET {string.Join(", ", replace.Select(c => $"{Q(c)} = excluded.{Q(c)}").Concat(increments.Select(c => $"{Q(c)} = {Q(c)} + excluded.{Q(c)}")))};";
            await db.Database.ExecuteSqlRawAsync(sql, parameters!, ct);
        }
    }
}
