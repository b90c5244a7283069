using Gateway.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.Store;

/// <summary>The hand-written, versioned migrations on both databases: applied once, recorded, idempotent at every start.</summary>
public sealed class StoreMigrationTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Migrate_AppliesEveryVersionOnce_AndRecordsIt(string kind)
    {
        await using var backend = await StoreBackend.CreateAsync(kind, postgres);
        StoreDialect dialect = backend.Directory is not null ? new SqliteDialect(backend.Directory, TimeSpan.FromSeconds(2)) : new PostgresDialect(backend.ConnectionString!, TimeSpan.FromSeconds(2));
        await using var session = new StoreSession(dialect, NullLogger<StoreSession>.Instance);
        var migrator = new StoreMigrator(session, NullLogger<StoreMigrator>.Instance);

        Assert.Equal(StoreMigration.All.Select(m => m.Version), await migrator.MigrateAsync(CancellationToken.None));
        Assert.Empty(await migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(StoreMigration.All.Select(m => m.Version), await migrator.AppliedMigrationsAsync(CancellationToken.None));
        Assert.Equal(0, await new StoreVersion(session, new Gateway.Configuration.GatewayOptions(), NullLogger<StoreVersion>.Instance).ReadAsync(CancellationToken.None));
        Assert.Empty(await new ProviderRepository(session).ListAsync(CancellationToken.None));
        var tables = await StoreSql.QueryAsync(backend, kind == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        Assert.Superset(new HashSet<string?> { "ai_provider", "audit_log", "oauth_state", "schema_migrations", "store_version" }, tables.Select(t => t[0]).ToHashSet());
    }

    [Fact]
    public async Task Migrate_TwoReplicasAtOnce_OnPostgres_ApplyItOnce()
    {
        await using var backend = await StoreBackend.CreateAsync("postgresql", postgres);
        var sessions = Enumerable.Range(0, 4).Select(_ => new StoreSession(new PostgresDialect(backend.ConnectionString!, TimeSpan.FromSeconds(5)), NullLogger<StoreSession>.Instance)).ToList();
        var applied = await Task.WhenAll(sessions.Select(s => new StoreMigrator(s, NullLogger<StoreMigrator>.Instance).MigrateAsync(CancellationToken.None)));
        Assert.Equal(1, applied.Count(a => a.Count > 0));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }
}
