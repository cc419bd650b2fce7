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
    public static async Task InsertAsync(AdminDbContext db, IEntityType entityType, IReadOnlyList<object> entities, CancellationToken ct)
    {
        if (entities.Count == 0)
        {
            return;
        }

        var table = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        // Every mapped column but a database identity key (the audit's long id); GUID keys are set by the entities.
        var properties = entityType.GetProperties()
            .Where(p => p.GetColumnName(store) is not null)
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && p.ClrType != typeof(Guid)))
            .ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!)));
        var mappings = properties.Select(p => p.GetRelationalTypeMapping()).ToList();

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the context's transaction.");
        var into = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table, entityType.GetSchema())).Append(" (").Append(columns).Append(") VALUES ").ToString();

        // SQLite: one prepared single-row statement, executed per row, is fastest (binding many named parameters in
        // one statement is quadratic in Microsoft.Data.Sqlite). SQL Server: multi-row statements under its 2,100-parameter limit.
        var rowsPerStatement = db.Database.IsSqlServer() ? Math.Max(1, Math.Min(500, 2000 / properties.Count)) : 1;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        string? preparedText = null;
        for (var start = 0; start < entities.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, entities.Count - start);
            var text = new StringBuilder(into);
            command.Parameters.Clear();
            var parameter = 0;
            for (var r = 0; r < count; r++)
            {
                var entity = entities[start + r];
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < properties.Count; c++)
                {
                    var name = "@p" + parameter++;
                    text.Append(c == 0 ? name : ", " + name);
                    var value = properties[c].GetGetter().GetClrValueUsingContainingEntity(entity);
                    command.Parameters.Add(mappings[c].CreateParameter(command, name, value, properties[c].IsNullable));
                }

                text.Append(')');
            }

            var commandText = text.ToString();
            if (commandText != preparedText)
            {
                command.CommandText = commandText;
                preparedText = commandText;
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
