using System.Text;
using Gateway.Usage;

namespace Gateway.Tests.Usage;

public sealed class StreamUsageFilterTests
{
    private const string Content = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\n";
    private const string Done = "data: [DONE]\n\n";
    private const int Cap = 1024 * 1024;

    public static TheoryData<string> UsageChunks => new()
    {
        "data: {\"choices\": [], \"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 2}}\n\n",
        "data:{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2},\"id\":\"c\",\"choices\" : [ ]}\n\n",
        "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\r\n\r\n",
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\r\r",
    };

    [Theory]
    [MemberData(nameof(UsageChunks))]
    public async Task WriteAsync_UsageChunkWithAnySpacingOrKeyOrder_IsRemovedAtEverySplit(string usageChunk)
    {
        var stream = Content + usageChunk + Done;
        for (var split = 1; split <= stream.Length; split++)
        {
            using var filter = new StreamUsageFilter(strip: true);
            Assert.Equal(Content + Done, await FeedAsync(filter, Encoding.UTF8.GetBytes(stream), split));
            Assert.Equal(new TokenUsage(5, 2), filter.Usage);
        }
    }

    [Fact]
    public async Task WriteAsync_UsageChunkWithAnEscapedKey_IsStillRemoved()
    {
        // Events are parsed only when they name usage or hold a \u escape: the escaped key still counts.
        const string escaped = "data: {\"choices\":[],\"\\u0075sage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n";
        using var filter = new StreamUsageFilter(strip: true);
        Assert.Equal(Content + Done, await FeedAsync(filter, Encoding.UTF8.GetBytes(Content + escaped + Done), 7));
    }

    [Theory]
    [InlineData("data: {\"choices\":[],\"usage\":null}\n\n")]
    [InlineData("data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":5}}\n\n")]
    [InlineData("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5}} trailing\n\n")]
    [InlineData("data: {\"choices\":[],\ndata: \"usage\":{\"prompt_tokens\":5}}\n\n")]
    public async Task WriteAsync_EventThatIsNotTheUsageOnlyChunk_IsKept(string sseEvent)
    {
        using var filter = new StreamUsageFilter(strip: true);
        Assert.Equal(Content + sseEvent + Done, await FeedAsync(filter, Encoding.UTF8.GetBytes(Content + sseEvent + Done), 5));
    }

    [Fact]
    public async Task WriteAsync_EventLongerThanTheCap_IsSentOnceItPassesTheCap_NotHeldToItsEnd()
    {
        var longLine = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"" + new string('x', 2 * Cap) + "\"}}]}\n\n");
        using var filter = new StreamUsageFilter(strip: true);
        using var output = new MemoryStream();
        var fed = 0;
        for (; fed < Cap + 64 * 1024; fed += 16 * 1024)
        {
            await filter.WriteAsync(longLine.AsMemory(fed, 16 * 1024), output, CancellationToken.None);
        }

        // Past the cap nothing of the event is held: the client has every byte fed so far.
        Assert.Equal(fed, output.Length);
        await filter.WriteAsync(longLine.AsMemory(fed), output, CancellationToken.None);
        var usage = "data: {\"choices\": [],\"usage\":{\"prompt_tokens\":5}}\n\n"u8.ToArray();
        await filter.WriteAsync(usage, output, CancellationToken.None);
        await filter.FlushAsync(output, CancellationToken.None);

        // Framing resumed after the long event: the usage chunk behind it is still removed.
        Assert.Equal(longLine, output.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(16 * 1024)]
    public async Task WriteAsync_FourMegabyteLine_ScansEachByteOnce_AndHoldsAtMostTheCap(int split)
    {
        var line = new byte[4 * 1024 * 1024];
        line.AsSpan().Fill((byte)'x');
        "data: "u8.CopyTo(line);
        using var filter = new StreamUsageFilter(strip: true);
        using var output = new MemoryStream();
        var maxHeld = 0;
        for (var at = 0; at < line.Length; at += split)
        {
            await filter.WriteAsync(line.AsMemory(at, Math.Min(split, line.Length - at)), output, CancellationToken.None);
            maxHeld = Math.Max(maxHeld, filter.HeldBytes);
        }

        await filter.WriteAsync("\n\n"u8.ToArray(), output, CancellationToken.None);

        Assert.Equal(line.Length + 2, filter.BytesScanned);
        Assert.InRange(maxHeld, 1, Cap);
        Assert.Equal((0, line.Length + 2L), (filter.HeldBytes, output.Length));
    }

    private static async Task<string> FeedAsync(StreamUsageFilter filter, byte[] bytes, int split)
    {
        using var output = new MemoryStream();
        for (var at = 0; at < bytes.Length; at += split)
        {
            await filter.WriteAsync(bytes.AsMemory(at, Math.Min(split, bytes.Length - at)), output, CancellationToken.None);
        }

        await filter.FlushAsync(output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
