using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Operations.Gemini;

/// <summary>
/// <c>countTokens</c> answered by the gateway (its providers have no such call for Gemini's format): the o200k
/// tokenizer over the text of <c>contents</c>, <c>systemInstruction</c> and <c>tools</c> (of the body, or of its
/// <c>generateContentRequest</c>), a few tokens per part and per turn for framing, and 258 per inline image or file
/// (what Gemini counts for an image). An estimate: the real count depends on the provider's tokenizer.
/// </summary>
internal static class GeminiTokenCounter
{
    private const int TokensPerTurn = 4;
    private const int TokensPerPart = 2;
    private const int TokensPerMedia = 258;

    public static long Count(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, Contracts.JsonText.ReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("The request body must be a JSON object.");
        }

        if (GeminiJson.Property(root, "generateContentRequest") is { ValueKind: JsonValueKind.Object } request)
        {
            root = request;
        }

        var contents = GeminiJson.Property(root, "contents");
        if (contents.ValueKind != JsonValueKind.Array)
        {
            throw new TranslationException("'contents' (or 'generateContentRequest.contents') must be an array.");
        }

        long tokens = 0;
        foreach (var content in contents.EnumerateArray())
        {
            tokens += TokensPerTurn + Parts(content);
        }

        if (GeminiJson.Property(root, "systemInstruction") is { ValueKind: JsonValueKind.Object } system)
        {
            tokens += TokensPerTurn + Parts(system);
        }

        foreach (var tool in GeminiJson.Array(root, "tools", "the request"))
        {
            tokens += Strings(tool);
        }

        return tokens;
    }

    private static long Parts(JsonElement content)
    {
        long tokens = 0;
        foreach (var part in GeminiJson.Array(content, "parts", "a Content"))
        {
            tokens += TokensPerPart;
            tokens += part.ValueKind == JsonValueKind.Object && (part.TryGetProperty("inlineData", out _) || part.TryGetProperty("fileData", out _))
                ? TokensPerMedia
                : Strings(part);
        }

        return tokens;
    }

    /// <summary>Tokens of every string and property name below <paramref name="element"/> but thought signatures.</summary>
    private static long Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return O200kTokens.Count(element.GetString());
            case JsonValueKind.Array:
                return element.EnumerateArray().Sum(Strings);
            case JsonValueKind.Object:
                long tokens = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name != "thoughtSignature")
                    {
                        tokens += 1 + Strings(property.Value);
                    }
                }

                return tokens;
            default:
                return element.ValueKind is JsonValueKind.Number ? 1 : 0;
        }
    }
}
