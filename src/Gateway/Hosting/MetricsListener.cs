using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Gateway.Hosting;

/// <summary>
/// <c>Gateway:Metrics:Port</c>: a separate Kestrel server that serves <c>/metrics</c> and nothing else (see
/// <see cref="SideListener"/>): a saturated gateway can still be scraped, and nothing of the API is reachable there. The
/// exposition is OpenTelemetry's Prometheus exporter over the gateway's own <see cref="MeterProvider"/>.
/// </summary>
internal sealed partial class MetricsListener(
    IServer apiServer, GatewayOptions options, MetricsEndpoint endpoint, MeterProvider meters, ILoggerFactory loggerFactory) : SideListener(apiServer, options, loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Gateway.Metrics");

    protected override string? Host => Options.Metrics.Host;

    protected override int Port => Options.Metrics.Port;

    protected override long MaxRequestBodyBytes => 0;

    protected override void Configure(WebApplication app)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, context => context.Request.Path == "/metrics", path: null, configureBranchedPipeline: endpoint.Guard, optionsName: null);
        app.Run(NotFoundAsync);
    }

    protected override void Listening(string addresses) => Log.Listening(_logger, addresses, endpoint.TokenRequired);

    private static Task NotFoundAsync(HttpContext context) =>
        OpenAIError.WriteAsync(context, 404, $"Unknown request URL: {context.Request.Method} {Telemetry.LogText.Safe(context.Request.Path.Value, 200)}. This port serves only GET /metrics.", ErrorTypes.InvalidRequest, "unknown_url");

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.MetricsListening, Level = LogLevel.Information, Message = "Metrics listening on {Addresses} (serving only /metrics; bearer token required: {TokenRequired})")]
        public static partial void Listening(ILogger logger, string addresses, bool tokenRequired);
    }
}
