using System.Collections.Frozen;

namespace Gateway.Providers;

/// <summary>
/// Where OpenAI's further operations (legacy completions, moderations, images, audio) live, relative to an OpenAI base
/// URL (<c>{url}/audio/speech</c>) or to an Azure deployment (<c>.../deployments/{name}/audio/speech</c>): both
/// protocols name them alike, so the table is kept once. Protocols that have none of them (Anthropic) say so by it too.
/// </summary>
internal static class OpenAISurfacePaths
{
    private static readonly FrozenDictionary<UpstreamOperation, string> Paths = new Dictionary<UpstreamOperation, string>
    {
        [UpstreamOperation.Completions] = "completions",
        [UpstreamOperation.Moderations] = "moderations",
        [UpstreamOperation.ImageGenerations] = "images/generations",
        [UpstreamOperation.AudioSpeech] = "audio/speech",
        [UpstreamOperation.AudioTranscriptions] = "audio/transcriptions",
        [UpstreamOperation.AudioTranslations] = "audio/translations",
    }.ToFrozenDictionary();

    /// <summary>The operation's path (no leading slash), or null when it is not one of these operations.</summary>
    public static string? Of(UpstreamOperation operation) => Paths.GetValueOrDefault(operation);

    /// <summary>Every operation's URL under <paramref name="root"/> (a base URL without its trailing slash), built once per adapter.</summary>
    public static FrozenDictionary<UpstreamOperation, Uri> Under(string root) =>
        Paths.ToFrozenDictionary(p => p.Key, p => new Uri(root + "/" + p.Value));
}
