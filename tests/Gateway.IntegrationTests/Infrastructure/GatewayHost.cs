using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>A real gateway on Kestrel, on a random loopback port, configured only by what the test passes.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string root, CapturingLoggerProvider logs)
    {
        _app = app;
        Root = root;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(root), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Root { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a gateway. <paramref name="configFile"/> is passed as <c>GATEWAY_CONFIG</c> (a watched JSON file);
    /// <paramref name="services"/> registers extra services (a test provider source) before the gateway's own.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, string?>? settings = null,
        Random? random = null,
        string? configFile = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        var configured = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (configFile is not null)
        {
            configured["GATEWAY_CONFIG"] = configFile;
        }

        // Managed providers in tests point at FakeUpstream on 127.0.0.1: owners may reach loopback here unless a test
        // says otherwise (the outbound tests set the setting empty, and the rule is the production one).
        configured.TryAdd("Gateway:Outbound:AllowedNetworks", "127.0.0.0/8");
        builder.Configuration.AddInMemoryCollection(configured);
        services?.Invoke(builder.Services);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (random is not null)
        {
            builder.Services.AddSingleton(random);
        }

        // Registered before the gateway's own TryAddSingleton(TimeProvider.System), so this clock drives every timeout.
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.AddGateway(environment);
        var app = builder.Build();
        app.MapGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, address.TrimEnd('/'), logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
