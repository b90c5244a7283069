using Gateway.Telemetry;

namespace Gateway.Outcomes;

/// <summary>
/// Tags the attempt's span (<c>gateway.upstream.attempt</c>) with its outcome and the GenAI convention attributes
/// known at its end: the model that answered, the tokens reported and the error type.
/// </summary>
internal sealed class TraceSubscriber : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.Activity is not { } activity || !AttemptLabels.TryGet(in record, out var outcome, out var errorType))
        {
            return;
        }

        activity.SetTag("gateway.outcome", outcome);
        activity.SetTag(GenAiConventions.ResponseModel, record.Model);
        if (record.Usage is { } usage)
        {
            activity.SetTag(GenAiConventions.InputTokens, usage.PromptTokens);
            activity.SetTag(GenAiConventions.OutputTokens, usage.CompletionTokens);
        }

        if (errorType is not null)
        {
            activity.SetTag(GenAiConventions.ErrorType, errorType);
        }
    }
}
