using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// Gemini's <c>countTokens</c> (<c>/v1beta/models/{model}:countTokens</c>): resolved like a generation (chat), so an
/// unknown or forbidden model is refused the same way, then answered by the gateway's tokenizer (its hook); never
/// forwarded. The endpoint, not <see cref="GatewayOperation.TryParse"/>, builds its envelope.
/// </summary>
internal sealed class GeminiCountTokensOperation : GatewayOperation
{
    private static readonly RequiredField Contents = new("contents", mustBeArray: true, holdsMessages: false);

    public static GeminiCountTokensOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.ChatCompletions;

    public override string Path => "/v1beta/models/{model}:countTokens";

    protected override RequiredField Required => Contents;
}
