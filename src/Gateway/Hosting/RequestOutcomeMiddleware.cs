using System.Diagnostics;
using System.Globalization;
using Gateway.Contracts;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// Every request, rejected or served, ends here: its span, its access-log line and its request metrics, with the
/// status actually sent, and it is counted in flight while it runs (<see cref="DrainState"/>); a bodiless error status gets its OpenAI-style body (<see cref="RouteErrors"/>). An exception nothing else handled becomes a 500 in OpenAI's shape (or an aborted
/// connection when the response had started), logged by type only: never a stack trace to the client.
/// </summary>
internal sealed partial class RequestOutcomeMiddleware(RequestDelegate next, DrainState drain, GatewayMetrics metrics, TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _requests = loggers.CreateLogger(RequestLog.Category);
    private readonly ILogger _logger = loggers.CreateLogger("Gateway");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var record = new RequestRecord();
        context.Features.Set(record);
        using var activity = GatewayActivitySource.Source.StartActivity("gateway.request", ActivityKind.Internal);
        var failed = false;
        drain.Enter(); // in flight until its answer is done (what a drain waits for)
        try
        {
            try
            {
                await next(context).ConfigureAwait(false);
                if (RouteErrors.Applies(context.Response))
                {
                    await RouteErrors.WriteAsync(context).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                failed = true;
                Log.Unhandled(_logger, e.GetType().FullName ?? e.GetType().Name, context.TraceIdentifier, e.StackTrace ?? "");
                if (context.Response.HasStarted)
                {
                    context.Abort();
                }
                else
                {
                    context.Response.Clear();
                    context.Response.Headers["x-request-id"] = context.TraceIdentifier;
                    await OpenAIError.WriteAsync(context, 500, $"The gateway failed to process the request (request id {context.TraceIdentifier}).", ErrorTypes.Server, "internal_error").ConfigureAwait(false);
                }
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client left; nothing to answer.
            }
        }
        finally
        {
            drain.Exit();
        }

        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<Unmeasured>() is not null)
        {
            return;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var status = failed ? 500
            : context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499
            : context.Response.StatusCode;
        var elapsed = time.GetElapsedTime(started);
        var tags = GatewayMetrics.Tags("route", route, "status", StatusLabel(status));
        metrics.Requests.Add(1, tags);
        metrics.RequestDuration.Record(elapsed.TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("http.route", route);
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("gateway.provider", record.Provider);
        }

        if (_requests.IsEnabled(LogLevel.Information))
        {
            RequestLog.Completed(_requests, context.TraceIdentifier, route, status, record.Provider, record.Model,
                record.Attempts, elapsed.TotalMilliseconds, record.PromptTokens, record.CompletionTokens);
        }
    }

    private static string StatusLabel(int status) => status switch
    {
        200 => "200", 400 => "400", 401 => "401", 403 => "403", 404 => "404", 413 => "413", 415 => "415", 429 => "429", 499 => "499",
        500 => "500", 502 => "502", 503 => "503",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UnhandledException, Level = LogLevel.Error, Message = "Request {RequestId} failed inside the gateway: {ExceptionType} {StackTrace}")]
        public static partial void Unhandled(ILogger logger, string exceptionType, string requestId, string stackTrace);
    }
}
