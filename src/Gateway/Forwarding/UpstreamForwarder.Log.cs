using Microsoft.Extensions.Logging;

namespace Gateway.Forwarding;

internal sealed partial class UpstreamForwarder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Attempt {Attempt} to {Provider} failed: {Reason} (status {Status}, {Exception}) for request {RequestId}")]
        public static partial void AttemptFailed(ILogger logger, string provider, string reason, int status, int attempt, string requestId, string? exception);

        [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Failing over to {Provider} (attempt {Attempt}) for request {RequestId}")]
        public static partial void Failover(ILogger logger, string provider, int attempt, string requestId);

        [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Request {RequestId} failed after {Attempts} attempts: {Tried}")]
        public static partial void Exhausted(ILogger logger, int attempts, string tried, string requestId);

        [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "No provider available ({Reason}) for request {RequestId}")]
        public static partial void AllBlocked(ILogger logger, string reason, string requestId);

        [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Stream from {Provider} interrupted after the first token: {Reason}; request {RequestId} ends with an error event")]
        public static partial void StreamInterrupted(ILogger logger, string provider, string reason, string requestId);

        [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "Response body from {Provider} interrupted: {Reason}; request {RequestId} aborted")]
        public static partial void ResponseTruncated(ILogger logger, string provider, string reason, string requestId);

        [LoggerMessage(EventId = 207, Level = LogLevel.Error, Message = "Provider {Provider} rejected the gateway's credential (HTTP {Status}) on request {RequestId}: check its key; failing over")]
        public static partial void CredentialRejected(ILogger logger, string provider, int status, string requestId);

        [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Stream from {Provider} sent an error event before any content: {Message}; request {RequestId}")]
        public static partial void StreamErrorEvent(ILogger logger, string provider, string message, string requestId);
    }
}
