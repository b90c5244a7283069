using System.Text;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Usage;

namespace Gateway.Tests.Forwarding;

public sealed class StreamEventGuardTests
{
    private const string Role = "data: {\"id\":\"chatcmpl-1\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
    private const string Hello = "data: {\"id\":\"chatcmpl-1\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello \\u00e9 \"},\"finish_reason\":null}]}\n\n";
    private const string Malformed = "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" cut\n\n";
    private const string Done = "data: [DONE]\n\n";

    private static (StreamEventGuard Guard, List<int> Reported) CreateSut(StreamContinuation? stream = null, int maxMalformed = 3, bool chat = true, bool translated = false)
    {
        var reported = new Reports();
        return (new StreamEventGuard(new StreamUsageFilter(strip: false), stream, chat, maxMalformed, new MalformedEvents(reported, "p", "req"), translated), reported);
    }

    /// <summary>The counts a guard reported, in order.</summary>
    private sealed class Reports : List<int>, IMalformedEventSink
    {
        public void Dropped(string provider, string requestId, int count)
        {
            Assert.Equal(("p", "req"), (provider, requestId));
            Add(count);
        }
    }

    [Fact]
    public async Task WriteAsync_TranslatedStream_WithoutContinuation_PassesEachChunkAsItCame_WithoutValidatingAgain()
    {
        // The gateway's own events (a translator's output) are not parsed again: a chunk goes on at once, even half an event.
        foreach (var chat in new[] { true, false })
        {
            var (guard, reported) = CreateSut(chat: chat, translated: true);
            using var output = new MemoryStream();
            var half = Encoding.UTF8.GetBytes(Hello[..20]);

            await guard.WriteAsync(half, output, CancellationToken.None);

            Assert.Equal(Hello[..20], Encoding.UTF8.GetString(output.ToArray()));
            Assert.Empty(reported);
        }
    }

    [Fact]
    public async Task WriteAsync_TranslatedChatStream_ThatCouldBeContinued_IsStillReadEventByEvent()
    {
        var stream = new StreamContinuation();
        var (guard, _) = CreateSut(stream, translated: true);

        Assert.Equal(Role + Hello + Done, await FeedAsync(guard, Role + Hello + Done, 9));
        Assert.Equal("\"chatcmpl-1\"", Encoding.UTF8.GetString(stream.Id!));
    }

    [Fact]
    public async Task WriteAsync_MalformedEvent_IsDroppedAtEverySplit_AndReported()
    {
        var input = Role + Hello + Malformed + ": keep-alive\n\n" + Done;
        for (var split = 1; split <= input.Length; split++)
        {
            var (guard, reported) = CreateSut();
            Assert.Equal(Role + Hello + ": keep-alive\n\n" + Done, await FeedAsync(guard, input, split));
            Assert.Equal([1], reported);
            Assert.Null(guard.Broken);
        }
    }

    [Theory]
    [InlineData("data: {\"a\":1} trailing\n\n")]
    [InlineData("data: {\"a\":1}{\"b\":2}\n\n")]
    [InlineData("data: not json\n\n")]
    [InlineData("event: message_delta\ndata: {\"type\":\n\n")]
    public async Task WriteAsync_DataThatIsNotOneJsonValue_IsMalformed_ForEveryFormat(string sseEvent)
    {
        foreach (var chat in new[] { true, false })
        {
            var (guard, reported) = CreateSut(chat: chat);
            Assert.Equal(Done, await FeedAsync(guard, sseEvent + Done, 7));
            Assert.Single(reported);
        }
    }

    [Fact]
    public async Task WriteAsync_MoreMalformedEventsThanAllowed_BreaksTheStream_AndStopsPassingEvents()
    {
        var (guard, _) = CreateSut(maxMalformed: 1);

        var output = await FeedAsync(guard, Role + Malformed + Hello + Malformed + Hello + Done, int.MaxValue);

        Assert.Equal(Role + Hello, output);
        Assert.Equal(FailureKind.MalformedEvents, guard.Broken);
    }

    [Fact]
    public async Task WriteAsync_UnterminatedLastEvent_GoesOnlyWhenWhole()
    {
        var (guard, reported) = CreateSut();
        Assert.Equal(Role + "data: [DONE]", await FeedAsync(guard, Role + "data: [DONE]", 5));

        (guard, reported) = CreateSut();
        Assert.Equal(Role, await FeedAsync(guard, Role + "data: {\"id\":", 5));
        Assert.Single(reported);
    }

    [Fact]
    public async Task WriteAsync_NotesTheTextSent_AndWhatBlocksAContinuation()
    {
        var stream = new StreamContinuation();
        var (guard, _) = CreateSut(stream);

        await FeedAsync(guard, Role + Hello + Hello, 3);

        Assert.Equal("Hello é Hello é ", Encoding.UTF8.GetString(stream.Text));
        Assert.Equal("\"chatcmpl-1\"", Encoding.UTF8.GetString(stream.Id!));
        Assert.True(stream.CanContinue);
        await FeedAsync(guard, "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]}}]}\n\n", 9);
        Assert.True(stream.Blocked);
    }

    [Fact]
    public async Task WriteAsync_Continuing_RewritesIdsDropsTheRoleChunk_StripsRepeatedWhitespace_AndSumsUsage()
    {
        var stream = new StreamContinuation();
        var (first, _) = CreateSut(stream);
        await FeedAsync(first, Role + Hello, 4);
        Assert.Equal(3, stream.Break("a", FailureKind.StreamTruncated)); // "Hello é " in o200k
        Assert.Equal("Hello é", stream.Prefill());
        var (guard, _) = CreateSut(stream);
        var continuation =
            "data: {\"id\":\"other\",\"created\":9,\"model\":\"n\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
            + "data: {\"id\":\"other\",\"created\":9,\"model\":\"n\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\"}}]}\n\n"
            + "data: {\"id\":\"other\",\"created\":9,\"model\":\"n\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"}}]}\n\n"
            + "data: {\"id\":\"other\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}\n\n"
            + Done;

        var output = await FeedAsync(guard, continuation, 11);

        Assert.Equal(
            "data: {\"id\":\"chatcmpl-1\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"world\"}}]}\n\n"
            + "data: {\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}\n\n"
            + Done,
            output);
        Assert.Equal(new TokenUsage(10, 2), guard.Usage); // the upstream's own, which its attempt is billed
        Assert.Equal("Hello é world", Encoding.UTF8.GetString(stream.Text));
    }

    [Fact]
    public async Task WriteAsync_ErrorEventAfterTheFirstToken_OfAContinuableStream_BreaksIt()
    {
        var (guard, _) = CreateSut(new StreamContinuation());

        var output = await FeedAsync(guard, Role + Hello + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n", 8);

        Assert.Equal(Role + Hello, output);
        Assert.Equal(FailureKind.StreamTruncated, guard.Broken);
    }

    private static async Task<string> FeedAsync(StreamEventGuard guard, string input, int split)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        using var output = new MemoryStream();
        for (var at = 0; at < bytes.Length && guard.Broken is null; at += split)
        {
            await guard.WriteAsync(bytes.AsMemory(at, Math.Min(split, bytes.Length - at)), output, CancellationToken.None);
        }

        if (guard.Broken is null)
        {
            await guard.FlushAsync(output, CancellationToken.None);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }
}
