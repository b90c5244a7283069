using Gateway.Contracts;
using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;

namespace Gateway.Operations;

/// <summary>
/// <c>POST /v1/messages</c>, Anthropic's Messages API: <c>messages</c> an array. Anthropic providers get the body as it
/// came with the client's <c>anthropic-version</c> and <c>anthropic-beta</c>; the others get chat completions. The
/// client's stream is Anthropic's: released at the first content delta (or tool-use block), complete at
/// <c>message_stop</c>; errors, in the stream and out of it, in Anthropic's shape.
/// </summary>
internal sealed class MessagesOperation : GatewayOperation
{
    private static readonly RequiredField Messages = new("messages", mustBeArray: true, holdsMessages: false);

    public static MessagesOperation Instance { get; } = new();

    public override UpstreamOperation Kind => UpstreamOperation.Messages;

    public override string Path => "/v1/messages";

    public override bool Streams => true;

    protected override RequiredField Required => Messages;

    /// <summary>
    /// Besides the envelope's checks, what Anthropic's API requires whatever the provider: <c>max_tokens</c> a positive
    /// integer and <c>messages</c> not empty (a chat provider would take either, and the client would learn only on
    /// Anthropic that its request is wrong).
    /// </summary>
    public override bool TryParse(ReadOnlySpan<byte> json, out RequestEnvelope envelope, out string error)
    {
        if (!base.TryParse(json, out envelope, out error))
        {
            return false;
        }

        error = MessagesRequestCheck.Problem(json) ?? "";
        return error.Length == 0;
    }

    public override IFirstTokenDetector CreateFirstTokenDetector() => new MessagesFirstTokenDetector();

    public override IStreamFilter CreateUsageFilter(bool strip, bool count) => new ObservingStreamFilter(new MessagesStreamObserver(count));

    public override byte[] StreamError(string message) => MessagesErrors.StreamEvent(500, message);

    /// <summary>Anthropic's own errors pass as they are; anything else (a proxy's page) becomes one.</summary>
    public override (int Status, byte[] Body) PassBackError(int status, byte[] body) =>
        IsAnthropicError(body) ? (status, body) : (status, MessagesErrors.FromOpenAI(status, Providers.OpenAICompatible.OpenAIErrorNormalizer.Normalize(status, body)));

    public override void ForwardHeaders(IHeaderDictionary client, HttpRequestMessage upstream) => ForwardAnthropicHeaders(client, upstream);

    /// <summary>The client's <c>anthropic-version</c> replaces the provider's default; its <c>anthropic-beta</c> flags go along.</summary>
    internal static void ForwardAnthropicHeaders(IHeaderDictionary client, HttpRequestMessage upstream)
    {
        var version = client["anthropic-version"].ToString();
        if (version.Length is > 0 and <= 64 && IsHeaderSafe(version))
        {
            upstream.Headers.Remove("anthropic-version");
            upstream.Headers.TryAddWithoutValidation("anthropic-version", version);
        }

        var beta = client["anthropic-beta"].ToString();
        if (beta.Length is > 0 and <= 1024 && IsHeaderSafe(beta))
        {
            upstream.Headers.TryAddWithoutValidation("anthropic-beta", beta);
        }
    }

    /// <summary>Printable ASCII only: nothing a client sends can split or add upstream headers.</summary>
    private static bool IsHeaderSafe(string value) => value.All(c => c is >= ' ' and < (char)127);

    private static bool IsAnthropicError(ReadOnlySpan<byte> body) =>
        body.IndexOf("\"type\""u8) >= 0 && body.IndexOf("\"error\""u8) >= 0 && System.Text.Unicode.Utf8.IsValid(body) && body.TrimStart(" \t\r\n"u8).StartsWith("{"u8);
}
