using System.Text.Json;

namespace Gateway.FakeUpstream;

/// <summary>
/// A way for an end-to-end test to see what conversation reached the upstream without reading the fake's records
/// (a standalone fake records nothing): when the last user message is exactly <c>recap</c>, the JSON answer is
/// <c>Recap: </c> followed by every earlier user message's text, joined by <c> | </c>. Chat and Anthropic Messages
/// bodies have the same <c>messages[].role</c> / <c>content</c> (a string or text parts), so one reader serves both.
/// Used by tests/npm (previous_response_id across two gateway replicas must carry the first turn upstream).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private static string? Recap(JsonElement? root)
    {
        if (root is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var texts = messages.EnumerateArray()
            .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.GetString() == "user")
            .Select(m => m.TryGetProperty("content", out var content) ? RecapText(content) : "")
            .ToList();
        if (texts.Count > 0 && FakeScript.Reply(texts[^1]) is { } reply)
        {
            return reply;
        }

        return texts.Count > 0 && texts[^1] == "recap" ? "Recap: " + string.Join(" | ", texts[..^1]) : null;
    }

    private static string RecapText(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
