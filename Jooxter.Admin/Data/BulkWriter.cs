using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jooxter.Admin.Data;

/// <summary>
/// Inserts many rows of one entity type in the context's current transaction, without the change tracker: on SQLite
/// through one prepared statement stepped per row, on SQL Server with multi-row INSERT statements. Columns, value conversions and parameter types come from the EF model, so the rows
/// read back exactly as if EF had written them. Store-generated columns (identity keys) are left to the database.
/// </summary>
internal static class BulkWriter
{
    /// <summary>The columns of one entity type as written: names, getters and type mappings, read once per model.</summary>
    private sealed record Columns(string Into, IProperty[] Properties, IClrPropertyGetter[] Getters, RelationalTypeMapping[] Mappings, bool SqliteDirect);

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
        var mappings = properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray();
        var direct = mappings.All(m =>
        {
            var stored = m.Converter?.ProviderClrType ?? m.ClrType;
            return DirectTypes.Contains(Nullable.GetUnderlyingType(stored) ?? stored);
        });
        return new Columns(into, properties, properties.Select(p => p.GetGetter()).ToArray(), mappings, direct);
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
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite && plan.SqliteDirect)
        {
            InsertSqlite(sqlite, plan, entities, ct);
            return;
        }

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

    // The stored types whose binding by Microsoft.Data.Sqlite is reproduced below (tests compare both ways of writing).
    private static readonly HashSet<Type> DirectTypes = [typeof(string), typeof(Guid), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(double), typeof(DateTime), typeof(byte[])];

    /// <summary>
    /// SQLite: one statement prepared once and stepped per row, values bound by position. Microsoft.Data.Sqlite's
    /// command re-binds every parameter by name and builds a reader on each execution; for hundreds of thousands of
    /// rows that overhead is as large as SQLite's own work. Values are converted by the EF mapping and stored as
    /// Microsoft.Data.Sqlite stores them (GUIDs as upper-case text, dates as ISO text), so the rows read back alike.
    /// </summary>
    private static void InsertSqlite<T>(Microsoft.Data.Sqlite.SqliteConnection connection, Columns plan, IReadOnlyList<T> entities, CancellationToken ct)
        where T : class
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var sql = new StringBuilder(plan.Into).Append('(').AppendJoin(", ", Enumerable.Repeat("?", plan.Properties.Length)).Append(')').ToString();
        Check(handle, SQLitePCL.raw.sqlite3_prepare_v2(handle, sql, out var statement));
        var utf8 = new byte[4096];
        using (statement)
        {
            for (var row = 0; row < entities.Count; row++)
            {
                if (row % 1_000 == 0)
                {
                    ct.ThrowIfCancellationRequested();
                }

                var entity = entities[row];
                for (var c = 0; c < plan.Properties.Length; c++)
                {
                    var mapping = plan.Mappings[c];
                    var value = plan.Getters[c].GetClrValueUsingContainingEntity(entity);
                    if (value is Enum && mapping.Converter is null)
                    {
                        value = Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (mapping.Converter is { } converter && value is not null)
                    {
                        value = converter.ConvertToProvider(value);
                    }

                    Check(handle, value switch
                    {
                        string text => BindText(statement, c + 1, text, ref utf8),
                        Guid id => BindGuid(statement, c + 1, id, utf8),
                        DateTime moment => BindMoment(statement, c + 1, moment, utf8),
                        _ => Bind(statement, c + 1, value),
                    });
                }

                var stepped = SQLitePCL.raw.sqlite3_step(statement);
                if (stepped != SQLitePCL.raw.SQLITE_DONE)
                {
                    Check(handle, stepped);
                }

                SQLitePCL.raw.sqlite3_reset(statement);
            }
        }
    }

    /// <summary>Text encoded into one reused buffer (SQLite copies it when bound): no allocation per value.</summary>
    private static int BindText(SQLitePCL.sqlite3_stmt statement, int index, string text, ref byte[] utf8)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (length > utf8.Length)
        {
            utf8 = new byte[Math.Max(length, utf8.Length * 2)];
        }

        // An empty span would reach SQLite as a null pointer, which it stores as NULL: empty text is bound as a string.
        var written = Encoding.UTF8.GetBytes(text, utf8);
        return written == 0
            ? SQLitePCL.raw.sqlite3_bind_text(statement, index, "")
            : SQLitePCL.raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, written));
    }

    /// <summary>A GUID as Microsoft.Data.Sqlite stores it (upper-case text), formatted straight to UTF-8: no strings per value.</summary>
    private static int BindGuid(SQLitePCL.sqlite3_stmt statement, int index, Guid id, byte[] utf8)
    {
        id.TryFormat(utf8, out var written, "D");
        var text = utf8.AsSpan(0, written);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f')
            {
                text[i] -= 'a' - 'A';
            }
        }

        return SQLitePCL.raw.sqlite3_bind_text(statement, index, text);
    }

    /// <summary>A date as Microsoft.Data.Sqlite stores it (ISO text, fractions without trailing zeros), straight to UTF-8.</summary>
    private static int BindMoment(SQLitePCL.sqlite3_stmt statement, int index, DateTime moment, byte[] utf8)
    {
        moment.TryFormat(utf8, out var written, MomentFormat, System.Globalization.CultureInfo.InvariantCulture);
        return SQLitePCL.raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, written));
    }

    private const string MomentFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private static int Bind(SQLitePCL.sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => SQLitePCL.raw.sqlite3_bind_null(statement, index),
        bool flag => SQLitePCL.raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        int number => SQLitePCL.raw.sqlite3_bind_int64(statement, index, number),
        long number => SQLitePCL.raw.sqlite3_bind_int64(statement, index, number),
        short number => SQLitePCL.raw.sqlite3_bind_int64(statement, index, number),
        byte number => SQLitePCL.raw.sqlite3_bind_int64(statement, index, number),
        double number => SQLitePCL.raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => SQLitePCL.raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"{value.GetType().Name} values are not written directly."),
    };

    private static void Check(SQLitePCL.sqlite3 handle, int result)
    {
        if (result is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE or SQLitePCL.raw.SQLITE_ROW))
        {
            throw new Microsoft.Data.Sqlite.SqliteException(SQLitePCL.raw.sqlite3_errmsg(handle).utf8_to_string(), result, SQLitePCL.raw.sqlite3_extended_errcode(handle));
        }
    }
}
