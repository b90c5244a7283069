using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>Requests and stream reading for the Responses and Anthropic Messages surfaces.</summary>
internal static class SurfaceHttp
{
    public static HttpRequestMessage Post(string path, string json, string? bearer = null, string? apiKey = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public static HttpRequestMessage Responses(string input = "Hi", bool stream = false, string model = "smart", string extra = "") =>
        Post("/v1/responses", $$"""{"model":{{JsonSerializer.Serialize(model)}},"input":{{JsonSerializer.Serialize(input)}},"stream":{{(stream ? "true" : "false")}}{{extra}}}""");

    public static HttpRequestMessage Messages(bool stream = false, string model = "smart", string? apiKey = null, params (string Name, string Value)[] headers) =>
        Post("/v1/messages", $$"""{"model":{{JsonSerializer.Serialize(model)}},"max_tokens":64,"messages":[{"role":"user","content":"Hi"}],"stream":{{(stream ? "true" : "false")}}}""", apiKey: apiKey, headers: headers);

    /// <summary>The events of an SSE body: (the <c>event:</c> name or "", the parsed data, or null for non-JSON data).</summary>
    public static List<(string Event, JsonElement? Data)> Events(string body)
    {
        var events = new List<(string, JsonElement?)>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = "";
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].Trim();
                }
            }

            if (data is null)
            {
                continue;
            }

            JsonElement? parsed = null;
            try
            {
                parsed = JsonDocument.Parse(data).RootElement.Clone();
            }
            catch (JsonException)
            {
            }

            events.Add((name, parsed));
        }

        return events;
    }

    /// <summary>The data <c>type</c> of every event.</summary>
    public static List<string> Types(string body) =>
        [.. Events(body).Where(e => e.Data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("type", out _)).Select(e => e.Data!.Value.GetProperty("type").GetString()!)];
}
