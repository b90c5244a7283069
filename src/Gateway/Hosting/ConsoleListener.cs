using Gateway.Configuration;
using Gateway.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// <c>Gateway:Console:Port</c>: a separate Kestrel server that serves <c>/console</c> and nothing else, so the console
/// can stay off the public ingress (the API port then answers 404 there). Like <see cref="MetricsListener"/>, its own
/// host rather than a branch of the API's pipeline: no API endpoint can be reached through it. The console's pages are
/// the gateway's own singletons; only routing is this host's. It starts once the API listener is bound, to bind to the same hosts.
/// </summary>
internal sealed partial class ConsoleListener(IServer apiServer, GatewayOptions options, IServiceProvider gateway, ILoggerFactory loggerFactory) : IHostedLifecycleService
{
    /// <summary>The console's forms are small; a larger body is refused by Kestrel.</summary>
    private const long MaxRequestBodyBytes = 1024 * 1024;

    private readonly ILogger _logger = loggerFactory.CreateLogger("Gateway.Console");
    private WebApplication? _app;

    /// <summary>Where it listens, once started (for the log line and the tests).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var apiAddresses = apiServer.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var hosts = MetricsAddresses.Hosts(apiAddresses, options.Console.Host);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            GatewayKestrelExtensions.ApplyLimits(kestrel, options.Limits);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            ListenerHosts.Listen(kestrel, hosts, options.Console.Port);
        });
        var app = builder.Build();
        app.UseRouting();
        app.Use(NotFoundUnlessRouted);
        ConsoleRoutes.Map(app, gateway);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
        Log.Listening(_logger, string.Join(", ", Addresses));
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

    /// <summary>Anything but the console's routes (the API, <c>/metrics</c>, health probes) is a 404 here.</summary>
    private static Task NotFoundUnlessRouted(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is not null)
        {
            return next(context);
        }

        ConsoleHeaders.Apply(context.Response);
        return ConsoleHtml.ErrorAsync(context, 404, "This port serves only the console, under " + ConsoleRoutes.Root + ".");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Console listening on {Addresses} (serving only /console)")]
        public static partial void Listening(ILogger logger, string addresses);
    }
}
