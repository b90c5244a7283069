using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Operations.Gemini;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// Gemini's <c>countTokens</c> hook: counted by the gateway's tokenizer on arrival (a body it cannot read is a 400
/// before routing), answered once the model resolved, marked as an estimate (<see cref="MessagesEndpoint.EstimateHeader"/>).
/// </summary>
internal sealed class GeminiCountTokensHook : IOperationHook
{
    public IReadOnlyList<GatewayOperation> Operations { get; } = [GeminiCountTokensOperation.Instance];

    public ValueTask<Preparation> PrepareAsync(OperationRequest request)
    {
        long tokens;
        try
        {
            tokens = GeminiTokenCounter.Count(request.Body.Span);
        }
        catch (Exception e) when (e is TranslationException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return ValueTask.FromResult(Preparation.Refuse(400, "invalid_request", e is TranslationException ? e.Message : "The request body is not a valid countTokens request."));
        }

        var answer = LocalAnswer.Of($"{{\"totalTokens\":{tokens}}}", MessagesEndpoint.EstimateHeader, "estimate");
        return ValueTask.FromResult(Preparation.Ready(new Prepared { Answer = _ => answer }));
    }
}
