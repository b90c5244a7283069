using Gateway.Providers;

namespace Gateway.Operations;

/// <summary><c>POST /v1/audio/translations</c>: an audio file and a model, as <c>multipart/form-data</c>; the answer is English text.</summary>
internal sealed class TranslationsOperation : FormOperation
{
    public static TranslationsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.AudioTranslations;

    public override string Path => "/v1/audio/translations";
}
