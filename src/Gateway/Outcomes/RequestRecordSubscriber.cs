namespace Gateway.Outcomes;

/// <summary>What the access log says about the request: attempts made and, once a response reached the client, what served it.</summary>
internal sealed class RequestRecordSubscriber : IAttemptOutcomeSubscriber
{
    public void OnAttempt(in AttemptRecord record)
    {
        if (record.Request is not { } request)
        {
            return;
        }

        request.Attempts = record.Attempt;
        if (record.Committed)
        {
            (request.Provider, request.Model) = (record.Provider, record.Model);
            (request.PromptTokens, request.CompletionTokens) = (record.Usage?.PromptTokens, record.Usage?.CompletionTokens);
        }
    }
}
