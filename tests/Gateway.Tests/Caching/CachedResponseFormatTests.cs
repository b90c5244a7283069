using Gateway.Caching;
using Xunit;

namespace Gateway.Tests.Caching;

public sealed class CachedResponseFormatTests
{
    [Fact]
    public void Decode_OfEncode_GivesTheEntryBack()
    {
        var entry = new CachedResponse("text/event-stream", "gpt-ü", true, 12, 34, 5678, [1, 2, 3, 4, 5], [2, 5], [40, 0]);

        var back = CachedResponseFormat.Decode(CachedResponseFormat.Encode(entry))!;

        Assert.Equal((entry.ContentType, entry.Model, entry.Stream, entry.PromptTokens, entry.CompletionTokens, entry.MicroUsd),
            (back.ContentType, back.Model, back.Stream, back.PromptTokens, back.CompletionTokens, back.MicroUsd));
        Assert.Equal(entry.Body, back.Body);
        Assert.Equal(entry.Ends, back.Ends);
        Assert.Equal(entry.Gaps, back.Gaps);
    }

    [Fact]
    public void Decode_DamagedOrForeignBytes_IsNull()
    {
        var bytes = CachedResponseFormat.Encode(new CachedResponse("application/json", "m", false, 1, 2, 3, [9, 9], [], []));

        Assert.Null(CachedResponseFormat.Decode(bytes.AsSpan(0, 20)));
        Assert.Null(CachedResponseFormat.Decode("hello, this is not an entry at all"u8));
        bytes[0] = 99;
        Assert.Null(CachedResponseFormat.Decode(bytes));
    }
}
