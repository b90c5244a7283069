using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Operations.Gemini;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// The Gemini surface's operation hook for <c>generateContent</c> and <c>streamGenerateContent</c>: the body mapped to
/// chat completions once (a body that cannot be is a 400 before routing), every provider reached through a
/// <see cref="GeminiBridge"/>, the mapped content parts what the candidates must serve, and the Gemini fields left
/// out said in <see cref="GeminiEndpoint.OmittedHeader"/>.
/// </summary>
internal sealed class GeminiHook : IOperationHook
{
    public IReadOnlyList<GatewayOperation> Operations { get; } = [GeminiOperation.Sse, GeminiOperation.JsonArray];

    public ValueTask<Preparation> PrepareAsync(OperationRequest request)
    {
        GeminiChatRequest mapped;
        try
        {
            mapped = GeminiRequestMapper.Map(request.Body.Span, request.Envelope.Stream);
        }
        catch (TranslationException e)
        {
            return ValueTask.FromResult(Preparation.Refuse(400, "invalid_request", e.Message));
        }

        return ValueTask.FromResult(Preparation.Ready(new Prepared
        {
            Bridge = new GeminiBridge(mapped, ((GeminiOperation)request.Operation).Framing),
            AlwaysBridge = true,
            Content = mapped.Kinds,
            Headers = mapped.LeftOut.Count > 0 ? [new(GeminiEndpoint.OmittedHeader, string.Join(",", mapped.LeftOut.Distinct(StringComparer.Ordinal)))] : [],
        }));
    }
}
