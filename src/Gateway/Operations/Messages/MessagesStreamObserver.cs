using System.Text.Json;
using Gateway.Protocols.Messages;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Operations.Messages;

/// <summary>
/// Watches a released Anthropic Messages stream: complete after <c>message_stop</c>; usage from
/// <c>message_start</c> (input: <c>input_tokens</c> plus the cache reads and writes Anthropic counts apart) and the
/// last <c>message_delta</c> (output tokens; its input figures, when present, replace the start's: native streams
/// and this gateway's translation report the final input there). Content events, the bulk of a stream, are
/// recognised by their first property and not parsed, unless <paramref name="count"/> (the request's key has limits):
/// then each <c>content_block_delta</c>'s text, tool input JSON or thinking is tokenized (<see cref="PassedTokens"/>).
/// </summary>
internal sealed class MessagesStreamObserver(bool count = false) : IStreamObserver
{
    private long _input;
    private long _output;
    private bool _sawUsage;

    public bool Complete { get; private set; }

    public TokenUsage? Usage => _sawUsage ? new TokenUsage(_input, _output) : null;

    public int PassedTokens { get; private set; }

    public void Observe(ReadOnlySpan<byte> sseEvent)
    {
        if (SseEvent.Data(sseEvent, out var json) == 0)
        {
            return;
        }

        var type = MessagesEventTypes.Read(json);
        if (count && type == MessagesEventType.ContentBlockDelta)
        {
            PassedTokens += DeltaTokens.OfMessagesDelta(json);
            return;
        }

        if (type == MessagesEventType.MessageStop)
        {
            Complete = true;
            return;
        }

        if (type is not (MessagesEventType.MessageStart or MessagesEventType.MessageDelta))
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var usage = type == MessagesEventType.MessageStart && root.TryGetProperty("message", out var message) ? Property(message, "usage") : Property(root, "usage");
            if (usage.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            _sawUsage = true;
            if (type == MessagesEventType.MessageStart || usage.TryGetProperty("input_tokens", out _))
            {
                _input = MessagesJson.Number(usage, "input_tokens") + MessagesJson.Number(usage, "cache_read_input_tokens") + MessagesJson.Number(usage, "cache_creation_input_tokens");
            }

            if (type == MessagesEventType.MessageDelta || usage.TryGetProperty("output_tokens", out _))
            {
                _output = MessagesJson.Number(usage, "output_tokens");
            }
        }
        catch (JsonException)
        {
            // A broken event carries no usage; the stream's own end decides completeness.
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;
}
