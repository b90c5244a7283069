using System.Text.Json;
using Gateway.Protocols.Gemini;
using Gateway.Usage;

namespace Gateway.Operations.Gemini;

/// <summary>
/// Watches a released Gemini stream (this gateway's translation, either framing): complete at the element carrying a
/// <c>finishReason</c>, usage from its <c>usageMetadata</c> (prompt; candidates plus thoughts as the completion). Text
/// elements, the bulk of a stream, are not parsed unless <paramref name="count"/> (the request's key has limits): then
/// the tokens of their text parts are counted (<see cref="PassedTokens"/>).
/// </summary>
internal sealed class GeminiStreamObserver(bool count = false) : IStreamObserver
{
    private TokenUsage? _usage;

    public bool Complete { get; private set; }

    public TokenUsage? Usage => _usage;

    public int PassedTokens { get; private set; }

    public void Observe(ReadOnlySpan<byte> framed)
    {
        var json = GeminiStreamElement.Json(framed);
        if (json.IsEmpty)
        {
            return;
        }

        var final = json.IndexOf("\"finishReason\""u8) >= 0;
        if (!final && !count)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (count)
            {
                PassedTokens += TextTokens(root);
            }

            if (!final)
            {
                return;
            }

            Complete = true;
            if (GeminiJson.Property(root, "usageMetadata") is { ValueKind: JsonValueKind.Object } usage)
            {
                _usage = new TokenUsage(GeminiJson.Number(usage, "promptTokenCount"), GeminiJson.Number(usage, "candidatesTokenCount") + GeminiJson.Number(usage, "thoughtsTokenCount"));
            }
        }
        catch (JsonException)
        {
            // A broken element carries no usage; the stream's own end decides completeness.
        }
    }

    private static int TextTokens(JsonElement root)
    {
        var tokens = 0;
        foreach (var candidate in GeminiJson.Property(root, "candidates") is { ValueKind: JsonValueKind.Array } candidates ? candidates.EnumerateArray() : default)
        {
            foreach (var part in GeminiJson.Property(GeminiJson.Property(candidate, "content"), "parts") is { ValueKind: JsonValueKind.Array } parts ? parts.EnumerateArray() : default)
            {
                tokens += O200kTokens.Count(GeminiJson.String(part, "text"))
                    + (GeminiJson.Property(part, "functionCall") is { ValueKind: JsonValueKind.Object } call ? O200kTokens.Count(call.GetRawText()) : 0);
            }
        }

        return tokens;
    }
}
