using MlOps.Durable.Payloads;
using MlOps.Durable.Stores;
using MlOps.Testing;

namespace MlOps.Durable.Tests;

/// <summary>Makes stores of one kind for a test: a fresh SQLite file, or a fresh hub in a PostgreSQL database.</summary>
public interface IStoreFactory
{
    string Kind { get; }

    /// <summary>A new store on a task hub no other test uses; every call with the same hub sees the same data.</summary>
    IOrchestrationStore Create(string hub, int payloadThreshold = 60 * 1024, TimeProvider? time = null);

    string PayloadDirectory { get; }
}

public sealed class SqliteStoreFactory : IStoreFactory, IDisposable
{
    private readonly TemporaryDirectory directory = new("mlops-durable");

    public string Kind => "sqlite";

    public string PayloadDirectory => directory.File("payloads");

    public string DatabasePath => directory.File("hub.sqlite");

    public IOrchestrationStore Create(string hub, int payloadThreshold = 60 * 1024, TimeProvider? time = null) =>
        new SqliteOrchestrationStore($"Data Source={DatabasePath}", hub, new FileSystemPayloadStore(PayloadDirectory), payloadThreshold, time);

    public void Dispose() => directory.Dispose();
}

public sealed class PostgresStoreFactory(string connectionString) : IStoreFactory, IDisposable
{
    private readonly TemporaryDirectory directory = new("mlops-durable-pg");

    public string Kind => "postgres";

    public string PayloadDirectory => directory.File("payloads");

    public IOrchestrationStore Create(string hub, int payloadThreshold = 60 * 1024, TimeProvider? time = null) =>
        new PostgresOrchestrationStore(connectionString, hub, new FileSystemPayloadStore(PayloadDirectory), payloadThreshold, time);

    public void Dispose() => directory.Dispose();
}

/// <summary>One PostgreSQL server (and database) for all PostgreSQL durable tests.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
