using System.Data;
using System.Data.Common;

namespace MlOps.Durable.Stores;

/// <summary>Small ADO.NET helpers shared by the SQLite and PostgreSQL stores.</summary>
internal static class SqlCommands
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        }
        return command;
    }

    public static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        switch (value)
        {
            case null:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case NullLong:
                parameter.DbType = DbType.Int64;
                parameter.Value = DBNull.Value;
                break;
            default:
                parameter.Value = value;
                break;
        }
        return parameter;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Runs one statement for many rows: as a single batch round trip where the provider
    /// supports it (PostgreSQL), else by re-binding one prepared command (SQLite, in process).
    /// Returns the total rows affected.
    /// </summary>
    public static async Task<int> ExecuteManyAsync(this DbConnection connection, DbTransaction transaction, string sql,
        IReadOnlyList<(string Name, object? Value)[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        var affected = 0;
        if (connection.CanCreateBatch)
        {
            const int chunk = 500;
            for (var start = 0; start < rows.Count; start += chunk)
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                for (var i = start; i < Math.Min(rows.Count, start + chunk); i++)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    foreach (var (name, value) in rows[i])
                    {
                        command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
                    }
                    batch.BatchCommands.Add(command);
                }
                await batch.ExecuteNonQueryAsync(cancellationToken);
                affected += batch.BatchCommands.Sum(c => Math.Max(0, c.RecordsAffected));
            }
            return affected;
        }
        await using var single = connection.Command(transaction, sql, rows[0]);
        single.Prepare();
        foreach (var row in rows)
        {
            for (var p = 0; p < row.Length; p++)
            {
                Parameter(single.Parameters[p], row[p].Name, row[p].Value);
            }
            affected += await single.ExecuteNonQueryAsync(cancellationToken);
        }
        return affected;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A typed SQL NULL for a bigint parameter (PostgreSQL needs to know the type of a null).</summary>
    public sealed class NullLong
    {
        public static readonly NullLong Value = new();
    }
}
