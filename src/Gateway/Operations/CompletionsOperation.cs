using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/completions</c>, OpenAI's legacy text completions: <c>prompt</c> required (a string, or an array of
/// strings or token ids). Streams are OpenAI SSE like chat's, but each chunk carries <c>choices[].text</c> rather than a
/// delta; <see cref="SseFirstTokenDetector"/> reads both, so the stream is released at the first non-empty text or
/// finish reason. The end (<c>data: [DONE]</c>) and the usage asked for upstream (<c>stream_options.include_usage</c>,
/// its extra chunk removed) are chat's own rules.
/// </summary>
internal sealed class CompletionsOperation : GatewayOperation
{
    private static readonly RequiredField Prompt = new("prompt", mustBeArray: false, holdsMessages: false);

    public static CompletionsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.Completions;

    public override string Path => "/v1/completions";

    public override bool Streams => true;

    protected override RequiredField Required => Prompt;

    public override byte[]? UsageRequest(in RequestEnvelope envelope) => ChatCompletionsOperation.Instance.UsageRequest(envelope);

    public override IFirstTokenDetector CreateFirstTokenDetector() => new SseFirstTokenDetector();

    public override bool EndsComplete(ReadOnlySpan<byte> tail) => ChatCompletionsOperation.Instance.EndsComplete(tail);

    public override byte[]? CompletedByContent => ChatCompletionsOperation.Done;
}
