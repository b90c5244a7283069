using Gateway.Contracts;
using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;

namespace Gateway.Endpoints;

/// <summary>
/// The Messages API's operation hook: Anthropic providers get the body as it came (its system messages folded into
/// <c>system</c> where the client sent them as turns), the others a <see cref="MessagesBridge"/>; a body the mappers
/// cannot read (too deep, a string that is no text) is a 400 before any provider is tried.
/// </summary>
internal sealed class MessagesHook : IOperationHook
{
    public IReadOnlyList<GatewayOperation> Operations { get; } = [MessagesOperation.Instance];

    public ValueTask<Preparation> PrepareAsync(OperationRequest request)
    {
        if (JsonText.Problem(request.Body.Span) is { } problem)
        {
            return ValueTask.FromResult(Preparation.Refuse(400, "invalid_request", problem));
        }

        (ReadOnlyMemory<byte>, RequestEnvelope)? native = null;
        if (MessagesSystemFold.Fold(request.Body.Span) is { } folded && MessagesOperation.Instance.TryParse(folded, out var envelope, out _))
        {
            native = (folded, envelope);
        }

        return ValueTask.FromResult(Preparation.Ready(new Prepared { Bridge = new MessagesBridge(request.Body), NativeBody = native }));
    }
}
