using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/moderations</c>: <c>input</c> required (text, an array of texts, or image and text parts); never
/// streams. OpenAI lets a client leave out <c>model</c>; the gateway routes by model, so here it is required.
/// </summary>
internal sealed class ModerationsOperation : GatewayOperation
{
    private static readonly RequiredField Input = new("input", mustBeArray: false, holdsMessages: false);

    public static ModerationsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.Moderations;

    public override string Path => "/v1/moderations";

    protected override RequiredField Required => Input;
}
