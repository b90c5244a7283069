using Gateway.Configuration;
using Gateway.Admin;
using Gateway.Endpoints;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Conversations;
using Gateway.Health.Redis;
using Gateway.Hosting.Authentication;
using Gateway.Outcomes;
using Gateway.Providers;
using Gateway.Providers.Anthropic;
using Gateway.Providers.AzureOpenAI;
using Gateway.Providers.OpenAICompatible;
using Gateway.Routing;
using Gateway.Selection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>Wires every capability of the gateway into a web application.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Where the gateway listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>
    /// Reads and validates the configuration (throwing <see cref="GatewayConfigurationException"/> naming every bad
    /// setting) and registers the gateway's services. <paramref name="environment"/> replaces the process
    /// environment as the source of the <c>AI_*</c> variables (tests use it).
    /// </summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder, IReadOnlyDictionary<string, string?>? environment = null)
    {
        AddConfigFile(builder);
        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var origins = environment is null
            ? AiEnvironmentVariables.MapProcess(Environment.GetEnvironmentVariables(), mapped)
            : AiEnvironmentVariables.Map(environment, mapped);
        builder.Configuration.AddInMemoryCollection(mapped);

        var services = builder.Services;
        var registry = GatewayRegistrations.Add(services);
        var options = new GatewayOptionsReader(builder.Configuration, origins, registry).Read();
        ConfigurationFiles.IgnoreReloadErrors(builder.Configuration);

        // The start-up options; settings that follow reloads are read through GatewayOptionsMonitor and the routing table.
        services.AddSingleton(options);
        services.AddSingleton(sp => new GatewayOptionsMonitor(options, sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), origins, registry, sp.GetRequiredService<ILogger<GatewayOptionsMonitor>>()));
        services.AddSingleton(origins);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Random.Shared);

        services.AddSingleton(sp => new InMemoryHealthStore(options.Health, sp.GetRequiredService<TimeProvider>()));
        if (options.Redis.ConnectionString is null)
        {
            services.TryAddSingleton<IHealthStore>(sp => sp.GetRequiredService<InMemoryHealthStore>());
        }
        else
        {
            services.AddSharedRedis();
            services.AddSingleton<RedisHealthStore>();
            services.TryAddSingleton<IHealthStore>(sp => sp.GetRequiredService<RedisHealthStore>());
            services.AddHostedService(sp => sp.GetRequiredService<RedisHealthStore>());
        }

        services.AddOutbound();
        services.AddSingleton<IProviderSource, ConfigurationProviderSource>();
        services.AddStore(options);
        services.AddClientKeys(builder.Configuration);
        services.AddSingleton<RoutingTableSource>();
        services.AddSingleton<ILiveCatalog>(sp => sp.GetRequiredService<RoutingTableSource>());
        services.AddHostedService<HealthFollowsRoutingTable>();
        services.AddHostedService<StrategiesFollowRoutingTable>();

        services.AddSingleton<ModelResolver>();
        services.AddSingleton(sp => new SelectionPlanner(
            sp.GetRequiredKeyedService<ISelectionStrategy>(options.Rotation),
            sp.GetRequiredService<IHealthStore>(),
            sp.GetRequiredService<ILogger<SelectionPlanner>>()));
        services.AddSingleton<StrategyCatalog>();
        services.AddSingleton<KeyStrategies>();
        services.AddSingleton<FailoverLoop>();
        services.AddSingleton<Queueing.RequestQueue>();
        services.AddSingleton<Affinity.ConversationAffinity>();
        services.AddSingleton<ProviderConcurrency>();
        services.AddSingleton<HopMarker>();
        services.AddSingleton<AttemptSender>();
        services.AddSingleton<SameProviderRetry>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<JsonResponseWriter>();
        services.AddSingleton<SseResponseWriter>();
        services.AddSingleton<RejectedResponseWriter>();
        services.AddSingleton<FinalResponses>();
        services.AddSingleton<RequestForwarder>();
        services.AddSingleton<Selection.RecentDecisions>();
        services.AddSingleton<RoutingDecisionRecorder>();

        // Every attempt's one record, and who listens to it: one line each.
        services.AddSingleton<IAttemptOutcomeSink, AttemptOutcomeSink>();
        services.AddSingleton<IAttemptOutcomeSubscriber, HealthSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, MetricsSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, UsageSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, TraceSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, RequestRecordSubscriber>();
        services.AddSingleton<IAttemptOutcomeSubscriber, LogSubscriber>();
        services.AddSingleton<Stats.ReplicaStats>().AddSingleton<IAttemptOutcomeSubscriber, ConsoleStatsSubscriber>();
        services.AddAccounts(options, builder.Configuration);
        services.AddSingleton<OpenAIProxyEndpoint>();
        services.AddSingleton<ProxyDispatch>();
        services.AddSingleton<MultipartProxyEndpoint>();
        services.AddSingleton<ResponsesEndpoint>();
        services.AddSingleton<MessagesEndpoint>();
        services.AddSingleton<GeminiEndpoint>();
        services.AddSingleton<GeminiModelsEndpoint>();
        QueryKeyServer.Decorate(services);
        services.AddSingleton(options.Responses);
        if (options.Redis.ConnectionString is null)
        {
            services.AddSingleton<IConversationStore, InMemoryConversationStore>();
        }
        else
        {
            services.AddSingleton<IConversationStore, RedisConversationStore>();
        }

        if (options.ModelDiscovery.Enabled)
        {
            services.AddSingleton<Providers.Discovery.ModelDiscovery>();
            services.AddHostedService(sp => sp.GetRequiredService<Providers.Discovery.ModelDiscovery>());
            services.AddSingleton(sp => new ModelsEndpoint(sp.GetRequiredService<RoutingTableSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Providers.Discovery.ModelDiscovery>()));
        }
        else
        {
            services.AddSingleton(sp => new ModelsEndpoint(sp.GetRequiredService<RoutingTableSource>(), sp.GetRequiredService<TimeProvider>()));
        }

        services.AddSingleton<ProviderProbe>();
        if (options.Probes.Enabled)
        {
            services.AddSingleton<Probing.ActiveProbes>();
            services.AddHostedService(sp => sp.GetRequiredService<Probing.ActiveProbes>());
        }
        services.AddSingleton<AdminProviderTestEndpoint>();
        services.AddSingleton<HealthEndpoints>();
        services.AddSingleton<DrainState>();
        services.AddSingleton<IDrainStatus>(sp => sp.GetRequiredService<DrainState>());
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout);
        services.AddGatewayAuthentication();
        services.AddSingleton<AdminHealthEndpoint>();
        services.AddSingleton<AdminRoutingEndpoint>();
        services.AddSingleton<AdminUsageEndpoint>();
        services.AddGatewayConsole(options.Console);
        builder.AddGatewayTelemetry(options);

        // Listen on http://localhost:8080 unless --urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS say otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]) && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddGatewayKestrelLimits(options);
        return builder;
    }

    /// <summary>
    /// <c>GATEWAY_CONFIG</c> names an extra JSON file (the Helm chart's ConfigMap) that overrides appsettings.json
    /// but not the environment or the command line. It is watched: an edit reloads the configuration.
    /// </summary>
    private static void AddConfigFile(WebApplicationBuilder builder)
    {
        if (builder.Configuration["GATEWAY_CONFIG"] is not { Length: > 0 } path)
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new GatewayConfigurationException($"GATEWAY_CONFIG: the file '{path}' does not exist");
        }

        var sources = builder.Configuration.Sources;
        var after = sources.Select((s, i) => (s, i)).LastOrDefault(p => p.s is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource).i;
        var file = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = Path.GetFullPath(path), Optional = false, ReloadOnChange = true };
        file.ResolveFileProvider();
        sources.Insert(after + 1, file);
    }
}
