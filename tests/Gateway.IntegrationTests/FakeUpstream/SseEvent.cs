using System.Text.Json;

namespace Gateway.IntegrationTests.FakeUpstream;

/// <summary>One server-sent event: its <c>event:</c> name (null when absent) and its <c>data:</c> text.</summary>
internal sealed record SseEvent(string? Name, string Data)
{
    /// <summary>The data parsed as JSON (not for <c>[DONE]</c>).</summary>
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();

    /// <summary>Splits a whole stream on blank lines; every event must end with one, as the SSE format requires.</summary>
    public static List<SseEvent> Parse(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var events = new List<SseEvent>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Add(line["data: ".Length..]);
                }
                else
                {
                    Assert.Fail($"unexpected SSE line '{line}'");
                }
            }

            events.Add(new SseEvent(name, string.Join("\n", data)));
        }

        return events;
    }
}
