using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/images/generations</c>: <c>prompt</c> required; the answer (image URLs or <c>b64_json</c>, or an
/// upstream's partial-image event stream) is passed through as it arrives. OpenAI lets a client leave out
/// <c>model</c>; the gateway routes by model, so here it is required.
/// </summary>
internal sealed class ImageGenerationsOperation : GatewayOperation
{
    private static readonly RequiredField Prompt = new("prompt", mustBeArray: false, holdsMessages: false);

    public static ImageGenerationsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.ImageGenerations;

    public override string Path => "/v1/images/generations";

    protected override RequiredField Required => Prompt;
}
