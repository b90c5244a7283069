using Gateway.Contracts;
using Gateway.Health;
using Microsoft.Extensions.Logging;

namespace Gateway.Outcomes;

/// <summary>Failed and interrupted attempts in the log; a rejected provider credential at Error.</summary>
internal sealed partial class LogSubscriber(ILogger<LogSubscriber> logger) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.End == AttemptEnd.Failed)
        {
            if (record.Failure == FailureKind.Credential)
            {
                Log.CredentialRejected(logger, record.Provider, record.Status, record.RequestId);
            }

            Log.AttemptFailed(logger, record.Provider, FailureKinds.Describe(record.Failure), record.Status, record.Attempt, record.RequestId, record.Exception);
        }
        else if (record.End == AttemptEnd.Truncated && record.Stream)
        {
            Log.StreamInterrupted(logger, record.Provider, FailureKinds.Describe(record.Failure), record.RequestId);
        }
        else if (record.End == AttemptEnd.Truncated)
        {
            Log.ResponseTruncated(logger, record.Provider, FailureKinds.Describe(record.Failure), record.RequestId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AttemptFailed, Level = LogLevel.Warning, Message = "Attempt {Attempt} to {Provider} failed: {Reason} (status {Status}, {Exception}) for request {RequestId}")]
        public static partial void AttemptFailed(ILogger logger, string provider, string reason, int status, int attempt, string requestId, string? exception);

        [LoggerMessage(EventId = EventIds.StreamInterrupted, Level = LogLevel.Warning, Message = "Stream from {Provider} interrupted after the first token: {Reason}; request {RequestId} ends with an error event")]
        public static partial void StreamInterrupted(ILogger logger, string provider, string reason, string requestId);

        [LoggerMessage(EventId = EventIds.ResponseTruncated, Level = LogLevel.Warning, Message = "Response body from {Provider} interrupted: {Reason}; request {RequestId} aborted")]
        public static partial void ResponseTruncated(ILogger logger, string provider, string reason, string requestId);

        [LoggerMessage(EventId = EventIds.CredentialRejected, Level = LogLevel.Error, Message = "Provider {Provider} rejected the gateway's credential (HTTP {Status}) on request {RequestId}: check its key; failing over")]
        public static partial void CredentialRejected(ILogger logger, string provider, int status, string requestId);
    }
}
