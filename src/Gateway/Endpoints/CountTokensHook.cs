using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>'s operation hook: passed to the model's providers that count natively
/// (Anthropic's); when it has none, answered from the gateway's tokenizer and marked as an estimate
/// (<see cref="MessagesEndpoint.EstimateHeader"/>). The count's work is bounded, and stops when the client leaves.
/// </summary>
internal sealed class CountTokensHook(Accounts.AccountsOptions accounts) : IOperationHook
{
    public IReadOnlyList<GatewayOperation> Operations { get; } = [CountTokensOperation.Instance];

    public ValueTask<Preparation> PrepareAsync(OperationRequest request)
    {
        if (JsonText.Problem(request.Body.Span) is { } problem)
        {
            return ValueTask.FromResult(Preparation.Refuse(400, "invalid_request", problem));
        }

        var body = request.Body;
        var maxChars = accounts.MaxTokenizedChars;
        return ValueTask.FromResult(Preparation.Ready(new Prepared
        {
            NativesOnly = UpstreamOperation.CountTokens,
            Answer = aborted => Count(body, maxChars, aborted),
        }));
    }

    private static LocalAnswer Count(ReadOnlyMemory<byte> body, long maxChars, CancellationToken aborted)
    {
        try
        {
            // Bounded work: past the cap bytes count (an upper bound), and a client that leaves stops the count.
            var tokens = MessagesTokenCounter.Count(body.Span, new Usage.TokenWork(maxChars, aborted));
            return LocalAnswer.Of($"{{\"input_tokens\":{tokens}}}", MessagesEndpoint.EstimateHeader, "estimate");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return LocalAnswer.Gone;
        }
        catch (Exception e) when (e is TranslationException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return LocalAnswer.Refuse(new Refusal(400, "invalid_request", e is TranslationException ? e.Message : "The request body is not a valid Messages request."));
        }
    }
}
