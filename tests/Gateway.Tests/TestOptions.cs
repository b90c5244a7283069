using Gateway.Configuration;
using Gateway.Providers;
using Gateway.Providers.AzureOpenAI;
using Gateway.Providers.OpenAICompatible;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests;

/// <summary>Builds validated options and the provider catalog from configuration keys and AI_* variables, as start-up does.</summary>
internal static class TestOptions
{
    public static GatewayOptions Read(IReadOnlyDictionary<string, string?>? settings = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var origins = AiEnvironmentVariables.Map(environment ?? new Dictionary<string, string?>(), mapped);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .AddInMemoryCollection(mapped)
            .Build();
        return new GatewayOptionsReader(configuration, origins, Gateway.Hosting.GatewayRegistrations.Registry).Read();
    }

    public static ProviderCatalog Catalog(GatewayOptions options) =>
        new(options, Gateway.Hosting.GatewayRegistrations.Registry, [new OpenAICompatibleProtocol(), new AzureOpenAIProtocol()]);

    /// <summary>A resolver over a live table source built from <paramref name="options"/> (configuration only).</summary>
    public static Gateway.Routing.ModelResolver Resolver(GatewayOptions options)
    {
        var monitor = new GatewayOptionsMonitor(options, new ConfigurationBuilder().Build(), new SettingOrigins(), Gateway.Hosting.GatewayRegistrations.Registry,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayOptionsMonitor>.Instance);
        return new(new Gateway.Routing.RoutingTableSource(monitor, Gateway.Hosting.GatewayRegistrations.Registry, [new Gateway.Providers.ConfigurationProviderSource(monitor)],
            [new OpenAICompatibleProtocol(), new AzureOpenAIProtocol()], new TestStoreVersion(), Microsoft.Extensions.Logging.Abstractions.NullLogger<Gateway.Routing.RoutingTableSource>.Instance));
    }

    /// <summary>The routing table start-up builds from <paramref name="options"/>.</summary>
    public static Gateway.Routing.RoutingTable Table(GatewayOptions options, long version = 1) => new(version, options, Catalog(options));
}
