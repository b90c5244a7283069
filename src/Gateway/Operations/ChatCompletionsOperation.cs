using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/chat/completions</c>: <c>messages</c> an array (their content part kinds noted for routing); streams
/// are OpenAI SSE, released at the first content token (<see cref="SseFirstTokenDetector"/>) and complete when they end
/// in <c>data: [DONE]</c>, or when every choice has its finish reason (and the usage the client asked for came) and the
/// upstream closed after a whole event: the gateway then writes the <c>[DONE]</c> itself. A streaming client that did not ask for usage gets it asked for upstream
/// (<c>stream_options.include_usage</c>) and the extra usage-only chunk removed.
/// </summary>
internal sealed class ChatCompletionsOperation : GatewayOperation
{
    /// <summary>Appended to a streaming request that did not ask for usage, so the final chunk reports tokens.</summary>
    private static readonly byte[] IncludeUsage = ",\"stream_options\":{\"include_usage\":true}"u8.ToArray();

    private static readonly RequiredField Messages = new("messages", mustBeArray: true, holdsMessages: true);

    public static ChatCompletionsOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.ChatCompletions;

    public override string Path => "/v1/chat/completions";

    public override bool Streams => true;

    protected override RequiredField Required => Messages;

    public override byte[]? UsageRequest(in RequestEnvelope envelope) => envelope.Stream && !envelope.HasStreamOptions ? IncludeUsage : null;

    public override IFirstTokenDetector CreateFirstTokenDetector() => new SseFirstTokenDetector();

    public override bool EndsComplete(ReadOnlySpan<byte> tail) => tail.TrimEnd(" \r\n"u8).EndsWith("[DONE]"u8);

    public override byte[]? CompletedByContent => Done;

    internal static byte[] Done { get; } = "data: [DONE]\n\n"u8.ToArray();
}
