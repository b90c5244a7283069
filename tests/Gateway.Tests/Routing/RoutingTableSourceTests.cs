using Gateway.Configuration;
using Gateway.Providers;
using Gateway.Providers.OpenAICompatible;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Tests.Providers;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Routing;

public sealed class RoutingTableSourceTests
{
    private readonly TestProviderSource _managed = new("managed");
    private readonly ListLogger<RoutingTableSource> _logs = new();
    private readonly RoundRobinStrategy _roundRobin = new();
    private readonly TestStoreVersion _storeVersion = new();

    private RoutingTableSource CreateSut(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new() { ["Gateway:Providers:cfg:Url"] = "http://127.0.0.1:9/v1", ["Gateway:Providers:cfg:Smart"] = "cfg-smart" }).Build();
        var options = new GatewayOptionsReader(configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry).Read();
        var monitor = new GatewayOptionsMonitor(options, configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry, new ListLogger<GatewayOptionsMonitor>());
        return new RoutingTableSource(monitor, Gateway.Hosting.GatewayRegistrations.Registry, [new ConfigurationProviderSource(monitor), _managed], [new OpenAICompatibleProtocol()], _storeVersion, _logs);
    }

    private static string[] Smart(RoutingTable table) => [.. table.Resolve("smart", null).Candidates!.Candidates.ToArray().Select(c => c.Provider.Name)];

    [Fact]
    public void Current_AtStart_IsVersionOneFromConfiguration()
    {
        var sut = CreateSut();

        Assert.Equal(1, sut.Current.Version);
        Assert.Equal(["cfg"], Smart(sut.Current));
    }

    [Fact]
    public async Task SourceChanged_RebuildsOffTheCaller_AndSwapsAWholeNewTable()
    {
        var sut = CreateSut();
        var before = sut.Current;
        var swapped = new TaskCompletionSource<RoutingTable>(TaskCreationOptions.RunContinuationsAsynchronously);
        sut.Swapped += table => swapped.TrySetResult(table);

        _managed.Set(TestProviderSource.Provider("extra", smart: "extra-smart"));
        var after = await swapped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(after, sut.Current);
        Assert.Equal(2, after.Version);
        Assert.Equal(["cfg", "extra"], Smart(after));
        Assert.Equal(["cfg"], Smart(before)); // the old table is untouched: requests holding it finish as they began
    }

    [Fact]
    public async Task StoreVersionApplied_RebuildsAfterTheReloads_BeforeTheChangeReturns()
    {
        var sut = CreateSut();
        // Subscribed after the table did: the store's reloads still run first, then the table is rebuilt from them.
        using var reload = _storeVersion.OnChange(_ =>
        {
            _managed.Set(TestProviderSource.Provider("extra", smart: "extra-smart"));
            return Task.CompletedTask;
        });

        await _storeVersion.AppliedAsync(7, CancellationToken.None);

        Assert.Equal(["cfg", "extra"], Smart(sut.Current)); // in place when the change's caller answers: no wait
    }

    [Fact]
    public void Dispose_StopsFollowingTheStoreVersion()
    {
        var sut = CreateSut();
        var version = sut.Current.Version;
        sut.Dispose();

        _ = _storeVersion.AppliedAsync(8, CancellationToken.None);

        Assert.Equal(version, sut.Current.Version);
    }

    [Fact]
    public void Rebuild_ProviderRemoved_IsGoneFromEverySet()
    {
        var sut = CreateSut();
        _managed.Set(TestProviderSource.Provider("extra", smart: "extra-smart", "only-extra"));
        sut.Rebuild();

        _managed.Set();
        Assert.True(sut.Rebuild());

        Assert.Equal(["cfg"], Smart(sut.Current));
        Assert.Null(sut.Current.Catalog.Find("extra"));
        Assert.Equal(404, sut.Current.Resolve("x", "extra").Status);
        Assert.DoesNotContain(sut.Current.ListModels(), m => m.Id == "only-extra");
    }

    [Fact]
    public void Rebuild_NameFromTwoSources_KeepsTheTable_AndLogsTheError()
    {
        var sut = CreateSut();
        var before = sut.Current;

        _managed.Set(TestProviderSource.Provider("cfg", smart: "other"));

        Assert.False(sut.Rebuild());
        Assert.Same(before, sut.Current);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("provider 'cfg' comes from both configuration and managed", StringComparison.Ordinal));
    }

    [Fact]
    public void Rebuild_DropsRoundRobinPositionsOfSetsThatAreGone()
    {
        var sut = CreateSut();
        var follower = new StrategiesFollowRoutingTable(sut, [_roundRobin]);
        sut.Swapped += follower.Retain;
        _managed.Set(TestProviderSource.Provider("extra", smart: "extra-smart"));
        sut.Rebuild();
        _roundRobin.Order(sut.Current.Resolve("smart", null).Candidates!, [new(0, 1, 1, 1), new(1, 1, 1, 1)]);
        Assert.Equal(1, _roundRobin.Positions);

        _managed.Set();
        sut.Rebuild();

        Assert.Equal(0, _roundRobin.Positions);
    }
}
