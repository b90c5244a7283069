using System.Text;
using Gateway.Operations;
using Gateway.Tests.Operations.Messages;
using Gateway.Tests.Operations.Responses;
using Gateway.Tests.Protocols.Messages;
using Gateway.Tests.Protocols.Responses;
using Gateway.Usage;

namespace Gateway.Tests.Operations;

/// <summary>
/// The completion tokens each stream filter counts in the content that passed (what a client that leaves before the
/// usage is billed): chat (native), Responses and Anthropic Messages (translated from the same chat stream, as the
/// client sees them), fed at every split size, each equal to the deltas' texts counted one by one.
/// </summary>
public sealed class PassedTokensTests
{
    /// <summary>The texts of <see cref="MessagesStreamMapperTests.ChatEvents"/>: reasoning, content and two tool calls' argument pieces.</summary>
    private static readonly string[] Texts = ["Plan", " it.", "Hé 😀", "{\"city\":", "\"Paris\"}", "{\"tz\":", "\"CET\"}"];

    private static int Expected => Texts.Sum(O200kTokens.Count);

    [Fact]
    public async Task ChatFilter_Counting_AtEverySplit_CountsEveryDeltaAndPassesEveryByte()
    {
        var bytes = MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents);
        for (var split = 1; split <= bytes.Length; split++)
        {
            using var filter = ChatCompletionsOperation.Instance.CreateUsageFilter(strip: false, count: true);
            var output = await FeedAsync(filter, bytes, split);

            Assert.Equal(bytes, output);
            Assert.Equal(Expected, filter.PassedTokens);
            Assert.Equal(new TokenUsage(50, 30, 10), filter.Usage); // the chunk reports 10 cached prompt tokens
            Assert.Null(filter.Complete);
        }
    }

    [Fact]
    public async Task ChatFilter_StrippingAndCounting_RemovesTheUsageChunk_StillCounts()
    {
        var bytes = MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents);
        for (var split = 1; split <= bytes.Length; split += 7)
        {
            using var filter = ChatCompletionsOperation.Instance.CreateUsageFilter(strip: true, count: true);
            var output = Encoding.UTF8.GetString(await FeedAsync(filter, bytes, split));

            Assert.DoesNotContain("\"usage\"", output, StringComparison.Ordinal);
            Assert.Equal(Expected, filter.PassedTokens);
            Assert.Equal(new TokenUsage(50, 30, 10), filter.Usage); // the chunk reports 10 cached prompt tokens
        }
    }

    [Fact]
    public async Task ChatFilter_NotCounting_CountsNothing()
    {
        using var filter = ChatCompletionsOperation.Instance.CreateUsageFilter(strip: false, count: false);
        await FeedAsync(filter, MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents), 100);

        Assert.Equal(0, filter.PassedTokens);
        Assert.IsType<StreamUsageFilter>(filter);
    }

    [Theory]
    [InlineData("""data: {"choices":[{"index":0,"text":" token1","logprobs":null}]}""", " token1")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"refusal":"I can\u2019t help."}}]}""", "I can’t help.")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"reasoning":"Hmm, \"so\"\n"}}],"usage":null}""", "Hmm, \"so\"\n")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"content":null},"logprobs":{"content":[{"token":"x","text":"y"}]}}]}""", "")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":{"x":1}}}]}}]}""", "")]
    [InlineData("""data: {"choices":[{"index":0,"delta":{"content":"cut""", "")]
    [InlineData("data: [DONE]", "")]
    public void ChatObserver_OneEvent_CountsOnlyContentText(string sseEvent, string text)
    {
        var observer = new ChatStreamObserver();
        observer.Observe(Encoding.UTF8.GetBytes(sseEvent + "\n\n"));

        Assert.Equal(O200kTokens.Count(text), observer.PassedTokens);
    }

    [Fact]
    public async Task ResponsesFilter_TranslatedStream_AtEverySplit_CountsTheTextReasoningAndArgumentDeltas()
    {
        var (stream, _) = ResponsesTestData.Stream(MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents), int.MaxValue);
        var bytes = Encoding.UTF8.GetBytes(stream + ResponsesTestData.Done);
        for (var split = 1; split <= bytes.Length; split += Math.Max(1, split / 8))
        {
            using var filter = ResponsesOperation.Instance.CreateUsageFilter(strip: false, count: true);
            Assert.Equal(bytes, await FeedAsync(filter, bytes, split));
            Assert.Equal(Expected, filter.PassedTokens);
            Assert.True(filter.Complete);
        }

        using var silent = ResponsesOperation.Instance.CreateUsageFilter(strip: false, count: false);
        await FeedAsync(silent, bytes, 64);
        Assert.Equal(0, silent.PassedTokens);
    }

    [Fact]
    public async Task MessagesFilter_TranslatedStream_AtEverySplit_CountsTextThinkingAndToolInput()
    {
        var bytes = Encoding.UTF8.GetBytes(MessagesStreamMapperTests.Feed(MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents), int.MaxValue));
        for (var split = 1; split <= bytes.Length; split++)
        {
            using var filter = MessagesOperation.Instance.CreateUsageFilter(strip: false, count: true);
            Assert.Equal(bytes, await FeedAsync(filter, bytes, split));
            Assert.Equal(Expected, filter.PassedTokens);
            Assert.True(filter.Complete);
        }
    }

    [Fact]
    public async Task Filters_ClientLeavesMidStream_CountOnlyWhatWasWritten()
    {
        var bytes = MessagesStreamMapperTests.Bytes(MessagesStreamMapperTests.ChatEvents);
        using var filter = ChatCompletionsOperation.Instance.CreateUsageFilter(strip: false, count: true);
        var half = bytes.AsSpan().IndexOf("Paris"u8);

        await FeedAsync(filter, bytes.AsSpan(0, half).ToArray(), 13);
        Assert.Equal(Texts[..4].Sum(O200kTokens.Count), filter.PassedTokens);
        await Assert.ThrowsAsync<NotSupportedException>(() => filter.WriteAsync(bytes.AsMemory(half), new MemoryStream([], writable: false), default).AsTask());
        Assert.Equal(Texts[..4].Sum(O200kTokens.Count), filter.PassedTokens);
    }

    private static async Task<byte[]> FeedAsync(IStreamFilter filter, byte[] bytes, int split)
    {
        var output = new MemoryStream();
        for (var at = 0; at < bytes.Length; at += split)
        {
            await filter.WriteAsync(bytes.AsMemory(at, Math.Min(split, bytes.Length - at)), output, default);
        }

        await filter.FlushAsync(output, default);
        return output.ToArray();
    }
}
