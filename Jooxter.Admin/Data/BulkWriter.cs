using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jooxter.Admin.Data;

/// <summary>
/// Inserts many rows of one entity type with multi-row INSERT statements, in the context's current transaction,
/// without the change tracker. Columns, value conversions and parameter types come from the EF model, so the rows
/// read back exactly as if EF had written them. Store-generated columns (identity keys) are left to the database.
/// </summary>
internal static class BulkWriter
{
    /// <summary>The columns of one entity type as written: names, getters and type mappings, read once per model.</summary>
    private sealed record Columns(string Into, IProperty[] Properties, IClrPropertyGetter[] Getters, RelationalTypeMapping[] Mappings);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, Columns> Plans = new();

    private static Columns PlanFor(AdminDbContext db, IEntityType entityType) => Plans.GetOrAdd(entityType, type =>
    {
        var table = type.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        // Every mapped column but a database identity key (the audit's long id); GUID keys are set by the entities.
        var properties = type.GetProperties()
            .Where(p => p.GetColumnName(store) is not null)
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(Guid)))
            .ToArray();
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)));
        var into = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table, type.GetSchema())).Append(" (").Append(columns).Append(") VALUES ").ToString();
        return new Columns(into, properties, properties.Select(p => p.GetGetter()).ToArray(), properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray());
    });

    public static async Task InsertAsync<T>(AdminDbContext db, IEntityType entityType, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        if (entities.Count == 0)
        {
            return;
        }

        var plan = PlanFor(db, entityType);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the context's transaction.");

        // SQLite: one prepared single-row statement, executed per row, is fastest (binding many named parameters in
        // one statement is quadratic in Microsoft.Data.Sqlite). SQL Server: multi-row statements under its 2,100-parameter limit.
        var width = plan.Properties.Length;
        var rowsPerStatement = db.Database.IsSqlServer() ? Math.Max(1, Math.Min(500, 2000 / width)) : 1;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        string? preparedText = null;
        var names = Enumerable.Range(0, rowsPerStatement * width).Select(i => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var start = 0; start < entities.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, entities.Count - start);
            command.Parameters.Clear();
            for (var r = 0; r < count; r++)
            {
                var entity = entities[start + r];
                for (var c = 0; c < width; c++)
                {
                    // The type mapping makes each parameter as EF would (value conversions, provider types and sizes).
                    var value = plan.Getters[c].GetClrValueUsingContainingEntity(entity);
                    command.Parameters.Add(plan.Mappings[c].CreateParameter(command, names[r * width + c], value, plan.Properties[c].IsNullable));
                }
            }

            if (preparedText is null || count != rowsPerStatement)
            {
                var text = new StringBuilder(plan.Into);
                for (var r = 0; r < count; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    text.AppendJoin(", ", names.AsSpan(r * width, width).ToArray());
                    text.Append(')');
                }

                var commandText = text.ToString();
                if (commandText != preparedText)
                {
                    command.CommandText = commandText;
                    preparedText = commandText;
                }
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
