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

        // SQL Server takes at most 2,100 parameters a statement; SQLite 32,766.
        var maxParameters = db.Database.IsSqlServer() ? 2000 : 30000;
        var rowsPerStatement = Math.Max(1, Math.Min(500, maxParameters / properties.Count));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the context's transaction.");

        for (var start = 0; start < entities.Count; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, entities.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(table, entityType.GetSchema())).Append(" (").Append(columns).Append(") VALUES ");
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

            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
