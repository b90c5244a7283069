using Gateway.Accounts.Keys;
using Gateway.Accounts;
using Gateway.Admin;
using Gateway.Caching;
using Gateway.Configuration;
using Gateway.Conversations;
using Gateway.Endpoints;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Health.Redis;
using Gateway.Hosting.Authentication;
using Gateway.ManagedProviders;
using Gateway.Outcomes;
using Gateway.Probing;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Store;
using Gateway.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
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

        // Each capability registers itself, beside its code. The order matters only for the provider sources
        // (configuration before the store) and the hosted services (Redis connects first).
        services.AddHealth(options);
        services.AddOutbound();
        services.AddProviders(options);
        services.AddStore(options);
        services.AddManagedProviders();
        services.AddClientKeys(builder.Configuration);
        services.AddRoutingTable();
        services.AddSelection(options);
        services.AddForwarding();
        services.AddOutcomes();
        services.AddAccounts(options, builder.Configuration);
        services.AddUsage();
        services.AddConversations(options);
        services.AddResponseCache(options);
        services.AddActiveProbes(options);
        services.AddEndpoints();
        services.AddAdmin();
        QueryKeyServer.Decorate(services);
        services.AddSingleton<DrainState>();
        services.AddSingleton<IDrainStatus>(sp => sp.GetRequiredService<DrainState>());
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.DrainTimeout);
        services.AddGatewayAuthentication();
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
