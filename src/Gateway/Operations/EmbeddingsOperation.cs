using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary><c>POST /v1/embeddings</c>: <c>input</c> required (any JSON value); never streams.</summary>
internal sealed class EmbeddingsOperation : GatewayOperation
{
    private static readonly RequiredField Input = new("input", mustBeArray: false, holdsMessages: false);

    public static EmbeddingsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.Embeddings;

    public override string Path => "/v1/embeddings";

    protected override RequiredField Required => Input;
}
