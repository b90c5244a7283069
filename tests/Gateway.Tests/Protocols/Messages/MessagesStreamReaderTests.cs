using System.Buffers;
using System.Text;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers.Anthropic;

namespace Gateway.Tests.Protocols.Messages;

public sealed class MessagesStreamReaderTests
{
    private const string Events =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hé\"}}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":12}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Feed_CrLfOrCrLines_GiveTheSameChunks_AtEverySplit(string newline)
    {
        var expected = Map(Encoding.UTF8.GetBytes(Events), int.MaxValue);
        Assert.Contains("[DONE]", expected, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(Events.Replace("\n", newline, StringComparison.Ordinal) + "event: ping");
        for (var split = 1; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, Map(bytes, split));
        }
    }

    [Fact]
    public void Feed_EventLongerThanTheCap_FailsOnceItPassesTheCap_NotAtItsEnd()
    {
        var bytes = Encoding.UTF8.GetBytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + new string('x', 4 * 1024 * 1024));
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1));
        var fed = 0;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            for (; fed < bytes.Length; fed += 16 * 1024)
            {
                mapper.Feed(bytes.AsSpan(fed, Math.Min(16 * 1024, bytes.Length - fed)), new ArrayBufferWriter<byte>());
            }
        });

        Assert.InRange(fed, 1024 * 1024 - 16 * 1024, 1024 * 1024);
        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16 * 1024)]
    public void Feed_LongEventUnderTheCap_LooksAtEachByteOnce(int split)
    {
        var text = new string('x', 1000 * 1000);
        var bytes = Encoding.UTF8.GetBytes(Events.Replace("Hé", text, StringComparison.Ordinal));
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1));
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        Assert.Equal(bytes.Length, mapper.BytesScanned);
        Assert.Contains("{\"content\":\"" + text + "\"}", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    private static string Map(byte[] bytes, int split)
    {
        var mapper = new StreamTranslation(new MessagesStreamReader(), new ChatStreamWriter(1700000000));
        var output = new ArrayBufferWriter<byte>();
        for (var at = 0; at < bytes.Length; at += split)
        {
            mapper.Feed(bytes.AsSpan(at, Math.Min(split, bytes.Length - at)), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
