using Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// A second, separate Kestrel server on a port of its own (metrics, the console): its own host rather than a branch of
/// the API's pipeline, so no middleware or endpoint of the API can ever be reached through it, and its connections are
/// not counted against the API's connection limit. It starts once the API listener is bound, to bind to the same hosts
/// (<see cref="MetricsAddresses.Hosts"/>), and stops after the gateway's host has drained.
/// </summary>
internal abstract class SideListener(IServer apiServer, GatewayOptions options, ILoggerFactory loggerFactory) : IHostedLifecycleService
{
    private WebApplication? _app;

    /// <summary>Where it listens, once started (for the log line and the tests).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    protected GatewayOptions Options => options;

    /// <summary>The configured bind host (null: the API listener's hosts).</summary>
    protected abstract string? Host { get; }

    protected abstract int Port { get; }

    /// <summary>The largest request body Kestrel accepts here.</summary>
    protected abstract long MaxRequestBodyBytes { get; }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var apiAddresses = apiServer.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var hosts = MetricsAddresses.Hosts(apiAddresses, Host);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);

        // Not the console lifetime: SIGTERM belongs to the gateway's host, which stops this one after draining.
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        ConfigureServices(builder.Services);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            GatewayKestrelExtensions.ApplyLimits(kestrel, options.Limits);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            ListenerHosts.Listen(kestrel, hosts, Port);
        });
        var app = builder.Build();
        Configure(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
        Listening(string.Join(", ", Addresses));
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Services of this host besides the logger factory and lifetime.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>This host's whole pipeline.</summary>
    protected abstract void Configure(WebApplication app);

    /// <summary>Logs where it listens.</summary>
    protected abstract void Listening(string addresses);
}
