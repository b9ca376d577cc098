using MlOps.Durable.Postgres;
using Xunit;
using Npgsql;

namespace MlOps.Testing;

/// <summary>
/// A PostgreSQL server for a test class (share it with <c>IClassFixture</c> or a collection):
/// the server named by <see cref="ConnectionStringVariable"/> when set, else a throwaway local
/// cluster started for the tests and deleted afterwards. Tests isolate themselves with
/// <see cref="CreateDatabaseAsync"/> or by unique names inside the one database.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string ConnectionStringVariable = "MLOPS_TEST_POSTGRES";

    private LocalPostgresServer? server;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var existing = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(existing))
        {
            ConnectionString = existing;
            return;
        }
        server = await LocalPostgresServer.StartAsync();
        ConnectionString = server.ConnectionString;
    }

    /// <summary>A fresh, empty database on the server; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
