using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/audio/speech</c>: a JSON request (<c>input</c> required) whose answer is audio bytes (or, with
/// <c>stream_format: "sse"</c>, audio events). Either is passed through chunk by chunk as it arrives, with its
/// Content-Type, never held whole: the first chunk is read before the response is committed, so a provider that fails
/// before it still fails over.
/// </summary>
internal sealed class SpeechOperation : GatewayOperation
{
    private static readonly RequiredField Input = new("input", mustBeArray: false, holdsMessages: false);

    public static SpeechOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.AudioSpeech;

    public override string Path => "/v1/audio/speech";

    protected override RequiredField Required => Input;
}
