using Gateway.Contracts;
using Microsoft.Extensions.Logging;

namespace Gateway.Telemetry;

/// <summary>One structured line per request at Information, under the category <c>Gateway.Requests</c>.</summary>
internal static partial class RequestLog
{
    public const string Category = "Gateway.Requests";

    /// <summary>Logs the line; the model may be the client's own string, so it goes through <see cref="LogText.Safe"/>.</summary>
    public static void Completed(ILogger logger, string requestId, string route, int status, string? provider, string? model, int attempts, double durationMs, long? promptTokens, long? completionTokens) =>
        Line(logger, requestId, route, status, provider, LogText.Safe(model), attempts, durationMs, promptTokens, completionTokens);

    [LoggerMessage(EventId = EventIds.RequestLine, Level = LogLevel.Information,
        Message = "{RequestId} {Route} {Status} provider={Provider} model={Model} attempts={Attempts} duration_ms={DurationMs:0.0} prompt_tokens={PromptTokens} completion_tokens={CompletionTokens}")]
    private static partial void Line(ILogger logger, string requestId, string route, int status, string? provider, string? model, int attempts, double durationMs, long? promptTokens, long? completionTokens);
}
