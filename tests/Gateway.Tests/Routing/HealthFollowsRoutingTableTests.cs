using Gateway.Configuration;
using Gateway.Health;
using Gateway.Providers.OpenAICompatible;
using Gateway.Routing;
using Gateway.Tests.Providers;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Routing;

public sealed class HealthFollowsRoutingTableTests
{
    [Fact]
    public async Task Swap_TellsTheHealthStoreTheEnabledProviders()
    {
        var configuration = new ConfigurationBuilder().Build();
        var options = new GatewayOptionsReader(configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry).Read();
        var monitor = new GatewayOptionsMonitor(options, configuration, new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry, new ListLogger<GatewayOptionsMonitor>());
        var managed = new TestProviderSource();
        var routing = new RoutingTableSource(monitor, Gateway.Hosting.GatewayRegistrations.Registry, [managed], [new OpenAICompatibleProtocol()], new TestStoreVersion(), new ListLogger<RoutingTableSource>());
        var health = new RecordingHealthStore();
        var sut = new HealthFollowsRoutingTable(routing, health);

        await sut.StartAsync(CancellationToken.None);
        managed.Set(TestProviderSource.Provider("x", smart: "m"), TestProviderSource.Provider("y", smart: "m"));
        routing.Rebuild();
        managed.Set(TestProviderSource.Provider("y", smart: "m"));
        routing.Rebuild();
        await sut.StopAsync(CancellationToken.None);

        Assert.Equal(["", "x,y", "y"], health.Replaced.Where((_, i) => i == 0 || health.Replaced[i] != health.Replaced[i - 1]));
    }

    private sealed class RecordingHealthStore : IHealthStore
    {
        public List<string> Replaced { get; } = [];

        public HealthStoreStatus Status => new("test", false, null);

        public ProviderAvailability GetAvailability(string provider) => throw new NotSupportedException();

        public bool TryBeginAttempt(string provider) => throw new NotSupportedException();

        public void Record(string provider, AttemptOutcome outcome) => throw new NotSupportedException();

        public IReadOnlyList<ProviderHealthSnapshot> Snapshot() => [];

        public void ReplaceProviders(IEnumerable<string> names)
        {
            lock (Replaced)
            {
                Replaced.Add(string.Join(",", names));
            }
        }
    }
}
