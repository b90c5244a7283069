using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// <c>Gateway:Metrics:Port</c>: a separate Kestrel server that serves <c>/metrics</c> and nothing else (see
/// <see cref="SideListener"/>): a saturated gateway can still be scraped, and nothing of the API is reachable there.
/// </summary>
internal sealed partial class MetricsListener(
    IServer apiServer, GatewayOptions options, MetricsEndpoint endpoint, ILoggerFactory loggerFactory) : SideListener(apiServer, options, loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Gateway.Metrics");

    protected override string? Host => Options.Metrics.Host;

    protected override int Port => Options.Metrics.Port;

    protected override long MaxRequestBodyBytes => 0;

    protected override void Configure(WebApplication app) => app.Run(ServeAsync);

    protected override void Listening(string addresses) => Log.Listening(_logger, addresses, endpoint.TokenRequired);

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
