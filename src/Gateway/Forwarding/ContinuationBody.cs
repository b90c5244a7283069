using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Forwarding;

/// <summary>
/// The request that asks a provider for the rest of a broken chat stream: the client's request as it was sent
/// (clamped, when the budget clamped it), with the text already sent appended as a trailing assistant message (the
/// prefill a provider able to continue carries on from), and its output bound (<c>max_tokens</c>,
/// <c>max_completion_tokens</c>) lowered by the tokens already produced, so both attempts together stay within what the
/// client asked for and admission reserved. Pure; built only when a stream broke.
/// </summary>
internal static class ContinuationBody
{
    public static byte[] Build(ReadOnlySpan<byte> request, string prefill, long producedTokens)
    {
        var root = JsonNode.Parse(request) as JsonObject ?? throw new JsonException("the request is not a JSON object");
        if (prefill.Length > 0 && root["messages"] is JsonArray messages)
        {
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = prefill });
        }

        foreach (var name in (ReadOnlySpan<string>)["max_tokens", "max_completion_tokens"])
        {
            if (root[name] is JsonValue value && value.TryGetValue<long>(out var max))
            {
                root[name] = Math.Max(1, max - producedTokens);
            }
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>(request.Length + prefill.Length + 64);
        using (var writer = new Utf8JsonWriter(output))
        {
            root.WriteTo(writer);
        }

        return output.WrittenSpan.ToArray();
    }
}
