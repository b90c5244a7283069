using Gateway.Providers;

namespace Gateway.Operations;

/// <summary><c>POST /v1/audio/transcriptions</c>: an audio file and a model, as <c>multipart/form-data</c>.</summary>
internal sealed class TranscriptionsOperation : FormOperation
{
    public static TranscriptionsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.AudioTranscriptions;

    public override string Path => "/v1/audio/transcriptions";
}
