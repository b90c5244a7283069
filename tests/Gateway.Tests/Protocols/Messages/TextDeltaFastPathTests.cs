using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

/// <summary>
/// The text delta's fast path (<see cref="MessagesStreamEvent.TryReadTextDelta"/>) against the reader it stands in for:
/// it takes only what <see cref="MessagesStreamEvent.Read"/> reads to the same text, and the chunk it writes is the
/// chunk the typed path writes.
/// </summary>
public sealed class TextDeltaFastPathTests
{
    private static string Event(string textToken, string index = "0") =>
        "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + textToken + "}}";

    [Theory]
    [InlineData("\"Hello\"")]
    [InlineData("\"\"")]
    [InlineData("\"Hé, 世界 😀\"")]
    [InlineData("\"a \\\"quoted\\\" \\\\ back\\/slash\\n\\r\\t\\b\\f\"")]
    [InlineData("\"\\u00e9\\u0041\\u4e16\"")]
    [InlineData("\"<script>&'+\"")]
    [InlineData("\"\\ud83d\\ude00 \\uD83D\\uDE00\"")]
    [InlineData("\"\u007f\"")]
    public void CanonicalEvent_IsTaken_AndReadsToTheReadersText(string token)
    {
        var json = Encoding.UTF8.GetBytes(Event(token));
        Assert.True(MessagesStreamEvent.TryReadTextDelta(json, out var text));
        Assert.Equal(token, Encoding.UTF8.GetString(text));
        var read = MessagesStreamEvent.Read(json);
        Assert.Equal(("content_block_delta", "text_delta"), (read.Type, read.DeltaType));
        Assert.Equal(read.Text, Decode(text));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("123456789")]
    public void Index_AnyIntegerThatFits_IsTaken(string index) =>
        Assert.True(MessagesStreamEvent.TryReadTextDelta(Encoding.UTF8.GetBytes(Event("\"x\"", index)), out _));

    [Theory]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}\r\n")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}} \t")]
    public void TrailingWhitespace_IsTaken(string json) =>
        Assert.True(MessagesStreamEvent.TryReadTextDelta(Encoding.UTF8.GetBytes(json), out _));

    /// <summary>Python's JSON writer (servers that speak Anthropic's format) spaces each separator: taken too.</summary>
    [Theory]
    [InlineData("\"Hello\"")]
    [InlineData("\"a \\\"b\\\" \\u00e9 \\ud83d\\ude00\"")]
    public void SpacedEvent_IsTaken_AndReadsToTheReadersText(string token)
    {
        var json = Encoding.UTF8.GetBytes("{\"type\": \"content_block_delta\", \"index\": 3, \"delta\": {\"type\": \"text_delta\", \"text\": " + token + "}}");
        Assert.True(MessagesStreamEvent.TryReadTextDelta(json, out var text));
        Assert.Equal(token, Encoding.UTF8.GetString(text));
        Assert.Equal(MessagesStreamEvent.Read(json).Text, Decode(text));
    }

    /// <summary>Everything else goes to the reader, which reads it as before (or fails the stream as before).</summary>
    [Theory]
    [InlineData("{\"type\": \"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"x\"}}")]
    [InlineData("{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\":\"x\"}}")]
    [InlineData("{\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"x\"} }")]
    [InlineData("{\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"text\":\"x\",\"type\":\"text_delta\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\",\"more\":1}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"},\"more\":1}")]
    [InlineData("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":01,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":1.5,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":1234567890,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":null}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":7}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\\q\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\\u12\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\\u12g4\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ude00\\ud83d\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ud83d x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ud83d\\u0041\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\ud800\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"line\nbreak\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}} x")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"x\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":")]
    [InlineData("")]
    public void AnythingElse_GoesToTheReader(string json) =>
        Assert.False(MessagesStreamEvent.TryReadTextDelta(Encoding.UTF8.GetBytes(json), out _));

    [Fact]
    public void InvalidUtf8_GoesToTheReader()
    {
        var json = Encoding.UTF8.GetBytes(Event("\"ab\"")).ToList();
        json.Insert(json.LastIndexOf((byte)'b'), 0xC3); // a lead byte with no continuation
        Assert.False(MessagesStreamEvent.TryReadTextDelta(json.ToArray(), out _));
        json = Encoding.UTF8.GetBytes(Event("\"ab\"")).ToList();
        json.Insert(json.LastIndexOf((byte)'b'), 0xFF);
        Assert.False(MessagesStreamEvent.TryReadTextDelta(json.ToArray(), out _));
    }

    /// <summary>Strings as serialisers write them (escaped by default, raw with the relaxed encoder): each is taken, and reads to itself.</summary>
    [Fact]
    public void SerialisedStrings_AreTaken_AndReadToThemselves()
    {
        var random = new Random(23);
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var n = 0; n < 2000; n++)
        {
            var text = RandomText(random);
            foreach (var options in new[] { JsonSerializerOptions.Default, relaxed })
            {
                var token = JsonSerializer.Serialize(text, options);
                var json = Encoding.UTF8.GetBytes(Event(token));
                Assert.True(MessagesStreamEvent.TryReadTextDelta(json, out var span), token);
                Assert.Equal(text, Decode(span));
                Assert.Equal(text, MessagesStreamEvent.Read(json).Text);
            }
        }
    }

    /// <summary>The chunk written from the token is the chunk written from the typed event, byte for byte (the relaxed escaping both use).</summary>
    [Theory]
    [InlineData("Hello")]
    [InlineData("Hé, 世界 😀 <b>&amp;</b>")]
    [InlineData("quote \" back \\ newline \n tab \t")]
    public void Text_WritesTheChunkTheTypedPathWrites(string content)
    {
        var token = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(content, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var typed = new ArrayBufferWriter<byte>();
        new ChatStreamWriter(1700000000).Chunk(new ChatChunk { Id = "chatcmpl-1", Model = "m", HasChoice = true, Content = content }, typed);
        var fast = new ArrayBufferWriter<byte>();
        new ChatStreamWriter(1700000000).Text(new ChatChunk { Id = "chatcmpl-1", Model = "m", HasChoice = true }, token, fast);
        Assert.Equal(Encoding.UTF8.GetString(typed.WrittenSpan), Encoding.UTF8.GetString(fast.WrittenSpan));
    }

    /// <summary>A whole stream through the reader: the fast path's chunks carry the same text, escaped as the provider sent it.</summary>
    [Fact]
    public void Stream_TextDeltas_KeepTheirText_WhicheverPathReadsThem()
    {
        var events =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n" +
            "event: content_block_delta\ndata: " + Event("\"caf\\u00e9 \\\"1\\\"\"") + "\n\n" +
            "event: content_block_delta\ndata: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \" and\\ud83d\\ude00\"}}\n\n" +
            "event: content_block_delta\ndata: {\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"text\":\" \\\"read\\\"\",\"type\":\"text_delta\"}}\n\n" +
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":12}}\n\n" +
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1700000000));
        var output = new ArrayBufferWriter<byte>();
        mapper.Feed(Encoding.UTF8.GetBytes(events), output);
        var contents = Encoding.UTF8.GetString(output.WrittenSpan)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e["data: ".Length..])
            .Where(d => d != "[DONE]")
            .Select(d => JsonDocument.Parse(d).RootElement)
            .Where(r => r.GetProperty("choices").GetArrayLength() > 0 && r.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out _))
            .Select(r => r.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())
            .ToList();
        Assert.Equal(["", "café \"1\"", " and😀", " \"read\""], contents);
    }

    /// <summary>
    /// A Responses client served by Anthropic: the events written from the tokens (fast path) are the events written
    /// from the typed chunks (the same deltas with the index first, which only the reader takes), byte for byte,
    /// and the completed response holds the same text (a long delta included: its decode is not on the stack).
    /// </summary>
    [Fact]
    public void ResponsesStream_FromTheTokens_IsTheStreamFromTheTypedChunks()
    {
        string[] texts = ["Hello", "", " wörld 😀", "a \"quote\" and \\ and \n", new string('x', 300) + "é", "<&>"];
        string Events(bool canonical)
        {
            var builder = new StringBuilder(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n");
            foreach (var text in texts)
            {
                var token = JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                var json = canonical ? Event(token) : "{\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":" + token + "}}";
                builder.Append("event: content_block_delta\ndata: ").Append(json).Append("\n\n");
            }

            builder.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":12}}\n\n");
            builder.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            return builder.ToString();
        }

        (string Output, string? Response) Run(bool canonical)
        {
            var writer = new Gateway.Protocols.Responses.ResponsesStreamMapper(Responses.ResponsesTestData.Context());
            var output = new ArrayBufferWriter<byte>();
            new StreamTranslation(new MessagesStreamReader(), writer).Feed(Encoding.UTF8.GetBytes(Events(canonical)), output);
            return (Encoding.UTF8.GetString(output.WrittenSpan), writer.Completed is { } completed ? Encoding.UTF8.GetString(completed.Response) : null);
        }

        var fast = Run(canonical: true);
        var typed = Run(canonical: false);
        Assert.Equal(typed.Output, fast.Output);
        Assert.Equal(typed.Response, fast.Response);
        var message = JsonDocument.Parse(fast.Response!).RootElement.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "message");
        Assert.Equal(string.Concat(texts), message.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Contains("response.completed", fast.Output, StringComparison.Ordinal);
    }

    private static string? Decode(ReadOnlySpan<byte> token)
    {
        var reader = new Utf8JsonReader(token);
        reader.Read();
        return reader.GetString();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 24);
        for (var i = 0; i < length; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    builder.Append((char)random.Next(0, 0x20)); // control characters: always escaped
                    break;
                case 1:
                    builder.Append("\"\\/<>&'+"[random.Next(8)]);
                    break;
                case 2:
                    builder.Append((char)random.Next(0x80, 0xD800)); // BMP beyond ASCII
                    break;
                case 3:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF))); // a surrogate pair
                    break;
                default:
                    builder.Append((char)random.Next(0x20, 0x7F));
                    break;
            }
        }

        return builder.ToString();
    }
}
