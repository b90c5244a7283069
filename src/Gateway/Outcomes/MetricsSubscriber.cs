using System.Diagnostics;
using Gateway.Telemetry;

namespace Gateway.Outcomes;

/// <summary>
/// Attempt count and durations by outcome, the error type when there was one, and the time to first token; the same
/// attempt once more in the OpenTelemetry GenAI conventions (<see cref="GenAiConventions"/>).
/// </summary>
internal sealed class MetricsSubscriber(GatewayMetrics metrics) : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.FirstToken is { } firstToken)
        {
            metrics.FirstToken.Record(firstToken.TotalSeconds, GatewayMetrics.Tags("provider", record.Provider, "model", record.ModelLabel));
        }

        if (!AttemptLabels.TryGet(in record, out var outcome, out var errorType))
        {
            return;
        }

        var tags = GatewayMetrics.Tags("provider", record.Provider, "outcome", outcome);
        metrics.Attempts.Add(1, tags);
        if (record.HeadersLatency > TimeSpan.Zero)
        {
            metrics.AttemptHeaders.Record(record.HeadersLatency.TotalSeconds, tags);
        }

        metrics.AttemptDuration.Record(record.Duration.TotalSeconds, tags);
        if (errorType is not null)
        {
            metrics.Errors.Add(1, GatewayMetrics.Tags("provider", record.Provider, "type", errorType));
        }

        RecordGenAi(in record, errorType);
    }

    private void RecordGenAi(in AttemptRecord record, string? errorType)
    {
        var genAi = record.GenAi;
        var tags = new TagList
        {
            { GenAiConventions.OperationName, genAi.Operation ?? "chat" },
            { GenAiConventions.ProviderName, genAi.Provider ?? "openai" },
            { GenAiConventions.RequestModel, genAi.RequestModel ?? GatewayMetrics.OtherModel },
            { GenAiConventions.ResponseModel, record.ModelLabel },
            { GenAiConventions.GatewayProvider, record.Provider },
        };
        if (errorType is not null)
        {
            tags.Add(GenAiConventions.ErrorType, errorType);
        }

        metrics.GenAiRequestDuration.Record(record.Duration.TotalSeconds, tags);
        if (record.FirstToken is { } firstToken)
        {
            metrics.GenAiTimeToFirstToken.Record(firstToken.TotalSeconds, tags);

            // After the first token: the rest of the stream over the tokens that came after it.
            if (errorType is null && record.Usage is { CompletionTokens: > 1 } streamed && record.Duration > firstToken)
            {
                metrics.GenAiTimePerOutputToken.Record((record.Duration - firstToken).TotalSeconds / (streamed.CompletionTokens - 1), tags);
            }
        }

        if (record.Usage is { } usage)
        {
            // The token type goes after the shared attributes, without error.type: usage is reported for served responses.
            var input = new TagList
            {
                { GenAiConventions.OperationName, genAi.Operation ?? "chat" },
                { GenAiConventions.ProviderName, genAi.Provider ?? "openai" },
                { GenAiConventions.RequestModel, genAi.RequestModel ?? GatewayMetrics.OtherModel },
                { GenAiConventions.ResponseModel, record.ModelLabel },
                { GenAiConventions.GatewayProvider, record.Provider },
                { GenAiConventions.TokenType, "input" },
            };
            metrics.GenAiTokenUsage.Record(usage.PromptTokens, input);
            input[5] = new KeyValuePair<string, object?>(GenAiConventions.TokenType, "output");
            metrics.GenAiTokenUsage.Record(usage.CompletionTokens, input);
        }
    }
}
