using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Telemetry;
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
/// <c>Gateway:Metrics:Port</c>: a second, separate Kestrel server that serves <c>/metrics</c> and nothing else.
/// Its own host rather than a branch of the API's pipeline, so no middleware or endpoint of the API can ever be
/// reached through it, and its connections are not counted against the API's connection limit (a saturated
/// gateway can still be scraped). It starts once the API listener is bound, to bind to the same hosts.
/// </summary>
internal sealed partial class MetricsListener(
    IServer apiServer, GatewayOptions options, MetricsEndpoint endpoint, ILoggerFactory loggerFactory) : IHostedLifecycleService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Gateway.Metrics");
    private WebApplication? _app;

    /// <summary>Where it listens, once started (for the log line and the tests).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var apiAddresses = apiServer.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var hosts = MetricsAddresses.Hosts(apiAddresses, options.Metrics.Host);
        var port = options.Metrics.Port;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);

        // Not the console lifetime: SIGTERM belongs to the gateway's host, which stops this one after draining.
        builder.Services.AddSingleton<IHostLifetime, OwnedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            GatewayKestrelExtensions.ApplyLimits(kestrel, options.Limits);
            kestrel.Limits.MaxRequestBodySize = 0;
            ListenerHosts.Listen(kestrel, hosts, port);
        });
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
        Log.Listening(_logger, string.Join(", ", Addresses), endpoint.TokenRequired);
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

    private Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path != "/metrics")
        {
            return OpenAIError.WriteAsync(context, 404, $"Unknown request URL: {request.Method} {Telemetry.LogText.Safe(request.Path.Value, 200)}. This port serves only GET /metrics.", ErrorTypes.InvalidRequest, "unknown_url");
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? endpoint.GetAsync(context)
            : OpenAIError.WriteAsync(context, 405, $"Method {request.Method} is not allowed on /metrics.", ErrorTypes.InvalidRequest, "method_not_allowed");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Metrics listening on {Addresses} (serving only /metrics; bearer token required: {TokenRequired})")]
        public static partial void Listening(ILogger logger, string addresses, bool tokenRequired);
    }
}
