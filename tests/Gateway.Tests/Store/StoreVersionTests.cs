using Gateway.Accounts.Keys;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Store;

/// <summary>The store-version change token over a real SQLite store in a temporary folder.</summary>
public sealed class StoreVersionTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gw-store-version-" + Guid.NewGuid().ToString("N"));
    private StoreSession _session = null!;

    public async Task InitializeAsync()
    {
        _session = new StoreSession(new SqliteDialect(_folder, TimeSpan.FromSeconds(5)), NullLogger<StoreSession>.Instance);
        await new StoreMigrator(_session, NullLogger<StoreMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private StoreVersion CreateSut() => new(_session, TestOptions.Read(), NullLogger<StoreVersion>.Instance);

    [Fact]
    public async Task ReadAsync_AfterAChange_IsTheVersionTheChangeWasWrittenAt()
    {
        var sut = CreateSut();
        var before = await sut.ReadAsync(CancellationToken.None);

        var written = await new ClientKeyRepository(_session).CreateAsync(Key("k1"), Audit(), CancellationToken.None);

        Assert.Equal(before + 1, written);
        Assert.Equal(written, await sut.ReadAsync(CancellationToken.None));
        Assert.Equal(-1, sut.Current); // read, not loaded: only a run moves it
    }

    [Fact]
    public async Task AppliedAsync_RunsEveryReload_ThenEveryDerived_AndMovesCurrent()
    {
        var sut = CreateSut();
        var steps = new List<string>();
        using var derived = sut.AfterReloads(() => steps.Add("routing"));
        using var keys = sut.OnChange(_ => { steps.Add("keys"); return Task.CompletedTask; });
        using var limits = sut.OnChange(async ct => { await Task.Yield(); steps.Add("limits"); });

        await sut.AppliedAsync(5, CancellationToken.None);

        Assert.Equal(["keys", "limits", "routing"], steps);
        Assert.Equal(5, sut.Current);
    }

    [Fact]
    public async Task AdvanceAsync_AReloadWithoutTheStore_RunsTheRest_AndLeavesCurrentForTheNextLook()
    {
        var sut = CreateSut();
        sut.StartAt(3);
        var ran = new List<string>();
        using var failing = sut.OnChange(_ => throw new StoreUnavailableException("down"));
        using var keys = sut.OnChange(_ => { ran.Add("keys"); return Task.CompletedTask; });
        using var derived = sut.AfterReloads(() => ran.Add("routing"));

        await sut.AdvanceAsync(4, CancellationToken.None);

        Assert.Equal(["keys", "routing"], ran);
        Assert.Equal(3, sut.Current);
    }

    [Fact]
    public async Task AdvanceAsync_WrongEncryptionKey_ThrownToTheWatcher_AfterTheRestRan_ButNotToAWriter()
    {
        var sut = CreateSut();
        var keysRan = 0;
        using var providers = sut.OnChange(_ => throw new GatewayConfigurationException("GATEWAY_ENCRYPTION_KEY: none of the configured keys opens the stored secrets"));
        using var keys = sut.OnChange(_ => { keysRan++; return Task.CompletedTask; });

        await Assert.ThrowsAsync<GatewayConfigurationException>(() => sut.AdvanceAsync(2, CancellationToken.None));
        await sut.AppliedAsync(2, CancellationToken.None);

        Assert.Equal(2, keysRan);
        Assert.Equal(-1, sut.Current);
    }

    [Fact]
    public async Task AppliedAsync_AVersionAlreadyLoaded_IsNotLoadedAgain()
    {
        var sut = CreateSut();
        var (reloads, rebuilds) = (0, 0);
        using var keys = sut.OnChange(_ => { reloads++; return Task.CompletedTask; });
        using var routing = sut.AfterReloads(() => rebuilds++);

        await sut.AppliedAsync(6, CancellationToken.None);
        await sut.AdvanceAsync(6, CancellationToken.None); // the watcher read the change's version: nothing left to do

        Assert.Equal((1, 1), (reloads, rebuilds));
    }

    [Fact]
    public async Task Dispose_Subscription_IsNotRunAgain()
    {
        var sut = CreateSut();
        var runs = 0;
        var subscription = sut.OnChange(_ => { runs++; return Task.CompletedTask; });
        var derivedRuns = 0;
        var derived = sut.AfterReloads(() => derivedRuns++);

        await sut.AppliedAsync(1, CancellationToken.None);
        subscription.Dispose();
        derived.Dispose();
        await sut.AppliedAsync(2, CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.Equal(1, derivedRuns);
        Assert.Equal(2, sut.Current);
    }

    private static ClientKeyRecord Key(string id) => new()
    {
        Id = id,
        Owner = "alice",
        Prefix = "gk_" + id,
        KeyHash = new string('a', 64),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static AuditEntry Audit() => new(0, DateTimeOffset.UnixEpoch, "admin", "key-create", null, "alice", null, null);
}
