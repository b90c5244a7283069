using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Protocols.Responses;
using Gateway.Sse;

namespace Gateway.Tests.Protocols.Responses;

/// <summary>Helpers for the Responses mapper tests: compact JSON from readable literals, stream feeding, event reading.</summary>
internal static class ResponsesTestData
{
    public const string Id = "resp_abc";

    public static ResponseContext Context(string request = """{"model":"smart","input":"hi"}""") =>
        new(Id, 1700000000, "gpt-x", Encoding.UTF8.GetBytes(request));

    /// <summary>A JSON literal written readably, compacted as the mappers write it (same escaping).</summary>
    public static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Feeds <paramref name="chat"/> in pieces of <paramref name="split"/> bytes; returns the output and the mapper.</summary>
    public static (string Output, ResponsesStreamMapper Mapper) Stream(byte[] chat, int split, ResponseContext? context = null)
    {
        var mapper = new ResponsesStreamMapper(context ?? Context());
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < chat.Length; at += split)
        {
            mapper.Feed(chat.AsSpan(at, Math.Min(split, chat.Length - at)), output);
        }

        return (Encoding.UTF8.GetString(output.WrittenSpan), mapper);
    }

    public static (string Output, ResponsesStreamMapper Mapper) Stream(string chat, int split = int.MaxValue, ResponseContext? context = null) =>
        Stream(Encoding.UTF8.GetBytes(chat), split, context);

    /// <summary>The events of a Responses stream: the <c>event:</c> line's type and the parsed data.</summary>
    public static List<(string Type, JsonElement Data)> Events(string stream)
    {
        var events = new List<(string, JsonElement)>();
        var bytes = Encoding.UTF8.GetBytes(stream);
        var framer = new SseEventFramer();
        var at = 0;
        while (at < bytes.Length)
        {
            var end = framer.Advance(bytes.AsSpan(at));
            Assert.True(end >= 0, "the stream ends inside an event");
            var text = Encoding.UTF8.GetString(bytes, at, end);
            var lines = text.Split('\n');
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.Equal(1, SseEvent.Data(bytes.AsSpan(at, end), out var data));
            events.Add((lines[0][7..], JsonDocument.Parse(data.ToArray()).RootElement.Clone()));
            at += end;
        }

        return events;
    }

    /// <summary>A chat chunk with one choice whose delta is <paramref name="delta"/> (JSON).</summary>
    public static string Chunk(string delta, string? finish = null) =>
        $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""" + "\n\n";

    public static string UsageChunk(int prompt = 11, int completion = 7) =>
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt
        + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion)
        + ",\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n";

    public const string Done = "data: [DONE]\n\n";
}
