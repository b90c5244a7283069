using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.IntegrationTests.Store;

/// <summary>Direct SQL on a test's store, to look at (and tamper with) what the gateway wrote.</summary>
internal static class StoreSql
{
    public static async Task<DbConnection> OpenAsync(StoreBackend store)
    {
        DbConnection connection = store.Directory is not null
            ? new SqliteConnection($"Data Source={Path.Combine(store.Directory, "gateway.db")};Pooling=False")
            : new NpgsqlConnection(store.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<List<string?[]>> QueryAsync(StoreBackend store, string sql)
    {
        await using var connection = await OpenAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))]);
        }

        return rows;
    }

    public static async Task ExecuteAsync(StoreBackend store, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync(store);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
