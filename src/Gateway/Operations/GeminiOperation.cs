using Gateway.Contracts;
using Gateway.Operations.Gemini;
using Gateway.Protocols.Gemini;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// Gemini's <c>generateContent</c> and <c>streamGenerateContent</c> (<c>/v1beta/models/{model}:...</c>): every provider
/// gets the request as chat completions (the bridge maps it there and back), so routing treats it as chat. The body
/// has no <c>model</c> (the path names it) and no <c>stream</c> (the method says), so the endpoint, not
/// <see cref="GatewayOperation.TryParse"/>, builds its envelope. Streams are released at the first element; complete
/// at the element with a <c>finishReason</c>; errors, in the stream and out of it, in Google's shape. One instance per
/// stream framing (<see cref="GeminiFraming"/>), which only the error that ends a broken stream depends on.
/// </summary>
internal sealed class GeminiOperation : GatewayOperation
{
    private static readonly RequiredField Contents = new("contents", mustBeArray: true, holdsMessages: false);

    private readonly GeminiFraming _framing;

    private GeminiOperation(GeminiFraming framing) => _framing = framing;

    /// <summary>Whole answers, and streams as Server-Sent Events (<c>?alt=sse</c>).</summary>
    public static GeminiOperation Sse { get; } = new(GeminiFraming.Sse);

    /// <summary>Streams as one JSON array (<c>streamGenerateContent</c> without <c>alt=sse</c>).</summary>
    public static GeminiOperation JsonArray { get; } = new(GeminiFraming.JsonArray);

    public GeminiFraming Framing => _framing;

    public override UpstreamOperation Kind => UpstreamOperation.ChatCompletions;

    public override string Path => "/v1beta/models/{model}:generateContent";

    public override bool Streams => true;

    protected override RequiredField Required => Contents;

    public override IFirstTokenDetector CreateFirstTokenDetector() => new GeminiFirstTokenDetector();

    public override IStreamFilter CreateUsageFilter(bool strip, bool count) => new ObservingStreamFilter(new GeminiStreamObserver(count));

    /// <summary>An error element; in the JSON array (opened by the first element, which came before anything could break) it also closes the array.</summary>
    public override byte[] StreamError(string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        GeminiErrors.WriteStreamError(buffer, _framing, 500, message, close: true);
        return buffer.WrittenSpan.ToArray();
    }

    public override (int Status, byte[] Body) PassBackError(int status, byte[] body) =>
        (status, GeminiErrors.FromOpenAI(status, Providers.OpenAICompatible.OpenAIErrorNormalizer.Normalize(status, body)));
}
