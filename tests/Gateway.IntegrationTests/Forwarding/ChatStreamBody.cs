using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Forwarding;

/// <summary>What a client reads from a chat completions stream: the text of its deltas, its ids, role chunks, usages, error events and <c>[DONE]</c>s.</summary>
internal sealed record ChatStreamBody(string Text, IReadOnlyList<string> Ids, int Roles, IReadOnlyList<JsonElement> Usages, IReadOnlyList<JsonElement> Errors, int Done)
{
    public static ChatStreamBody Parse(string body)
    {
        var text = new StringBuilder();
        var ids = new List<string>();
        var (roles, done) = (0, 0);
        List<JsonElement> usages = [], errors = [];
        foreach (var line in body.Split('\n'))
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line[6..].TrimEnd('\r');
            if (data == "[DONE]")
            {
                done++;
                continue;
            }

            var root = JsonDocument.Parse(data).RootElement; // every event the client gets is JSON
            if (root.TryGetProperty("error", out var error))
            {
                errors.Add(error.Clone());
                continue;
            }

            if (root.TryGetProperty("id", out var id) && !ids.Contains(id.GetString()!))
            {
                ids.Add(id.GetString()!);
            }

            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                usages.Add(usage.Clone());
            }

            foreach (var choice in root.GetProperty("choices").EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out var delta))
                {
                    roles += delta.TryGetProperty("role", out _) ? 1 : 0;
                    if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        text.Append(content.GetString());
                    }
                }
            }
        }

        return new ChatStreamBody(text.ToString(), ids, roles, usages, errors, done);
    }
}
