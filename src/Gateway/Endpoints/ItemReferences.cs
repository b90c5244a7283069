using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Endpoints;

/// <summary>
/// <c>item_reference</c> input items (<c>{"type":"item_reference","id":"msg_..."}</c>), which clients such as the AI SDK
/// send in place of output items of earlier responses: replaced by the items the gateway stored, so a chat provider
/// gets the whole conversation. Also reads the output item ids of a response, by which they are indexed.
/// </summary>
internal static class ItemReferences
{
    public static bool Present(ReadOnlySpan<byte> body) => body.IndexOf("\"item_reference\""u8) >= 0;

    /// <summary>The body with every reference replaced, or null when one cannot be found (<paramref name="find"/> gave null).</summary>
    public static async ValueTask<byte[]?> ResolveAsync(ReadOnlyMemory<byte> body, Func<string, ValueTask<JsonNode?>> find)
    {
        var root = JsonNode.Parse(body.Span, documentOptions: Contracts.JsonText.DocumentOptions) as JsonObject;
        if (root?["input"] is not JsonArray input)
        {
            return body.ToArray();
        }

        for (var i = 0; i < input.Count; i++)
        {
            if (input[i] is JsonObject item && item["type"]?.GetValueKind() == JsonValueKind.String && (string?)item["type"] == "item_reference")
            {
                var id = item["id"]?.GetValueKind() == JsonValueKind.String ? (string?)item["id"] : null;
                var found = id is null ? null : await find(id).ConfigureAwait(false);
                if (found is null)
                {
                    return null;
                }

                input[i] = found;
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(root, Contracts.GatewayJsonContext.Default.JsonObject);
    }

    /// <summary>The output item with <paramref name="id"/> in a stored response object, detached, or null.</summary>
    public static JsonNode? Find(byte[] response, string id)
    {
        using var document = JsonDocument.Parse(response, Contracts.JsonText.DocumentOptions);
        if (!document.RootElement.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in output.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var itemId) && itemId.ValueEquals(id))
            {
                return JsonNode.Parse(item.GetRawText(), documentOptions: Contracts.JsonText.DocumentOptions);
            }
        }

        return null;
    }

    /// <summary>The ids of a response object's output items.</summary>
    public static List<string> OutputIds(byte[] response)
    {
        using var document = JsonDocument.Parse(response, Contracts.JsonText.DocumentOptions);
        var ids = new List<string>();
        if (document.RootElement.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in output.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    ids.Add(id.GetString()!);
                }
            }
        }

        return ids;
    }
}
