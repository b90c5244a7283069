using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;
using Gateway.Usage;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Tests.Usage;

/// <summary>
/// Token counting is linear and bounded, held to it by the work it does (never by the clock): a run without whitespace
/// reaches BPE in pieces of at most <see cref="O200kTokens.MaxRun"/> characters (200,000 of them took 38.8 s whole), a
/// request's text past its cap counts by bytes, and a cancelled count stops.
/// </summary>
public sealed class O200kTokensTests(ITestOutputHelper output)
{
    [Fact]
    public void Count_200kCharactersWithoutSpaces_GoesToBpeInShortPieces()
    {
        var text = string.Concat(Enumerable.Range(0, 200_000 / 16).Select(i => $"x{i:x7}Qz9_Lm3k")).PadRight(200_000, 'a');
        var work = new TokenWork(long.MaxValue);
        O200kTokens.Load();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var tokens = O200kTokens.Count(text, work);
        var whole = System.Diagnostics.Stopwatch.GetTimestamp();
        Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(text[..20_000]);
        output.WriteLine($"20,000 of them whole (as before): {System.Diagnostics.Stopwatch.GetElapsedTime(whole).TotalMilliseconds:F0} ms");

        output.WriteLine($"{tokens} tokens, {work.Calls} calls, longest piece {work.LongestPiece}, {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms (not asserted)");
        Assert.InRange(work.LongestPiece, 1, O200kTokens.MaxRun);
        Assert.Equal(200_000, work.Chars);
        Assert.True(tokens >= 200_000 / 8, $"{tokens}");
    }

    [Fact]
    public void Count_LongRunOfWhitespace_GoesToBpeInShortPieces()
    {
        var work = new TokenWork(long.MaxValue);

        O200kTokens.Count("a" + new string(' ', 100_000) + "b", work);

        Assert.InRange(work.LongestPiece, 1, O200kTokens.MaxRun);
    }

    [Theory]
    [InlineData("Hello, world! How are you doing today?")]
    [InlineData("Un texte en français, avec des accents; et 1234567 chiffres.")]
    [InlineData("日本語のテキストです。")]
    public void Count_OrdinaryText_CountsAsTheTokenizerDoes(string text) =>
        Assert.Equal(Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(text), O200kTokens.Count(text));

    [Fact]
    public void Count_LongOrdinaryText_CountsAsWholeWithinAFewTokens()
    {
        var text = string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 2000));
        var whole = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(text);
        var work = new TokenWork(long.MaxValue);

        var pieces = O200kTokens.Count(text, work);

        Assert.True(work.Calls > 10);
        Assert.InRange(pieces, whole, whole + work.Calls);
    }

    [Fact]
    public void Count_PastTheCap_CountsBytesAndStopsTokenizing()
    {
        var text = new string('é', 50_000);
        var work = new TokenWork(1_000);

        var tokens = O200kTokens.Count(text, work);

        Assert.Equal(1_000, work.Chars);
        Assert.Equal(49_000, work.Overflow);
        Assert.True(tokens >= 98_000, $"{tokens}"); // 2 UTF-8 bytes each past the cap: an upper bound
    }

    [Fact]
    public void Count_Cancelled_StopsBeforeTokenizing()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var work = new TokenWork(long.MaxValue, cancelled.Token);

        Assert.Throws<OperationCanceledException>(() => O200kTokens.Count(new string('z', 1_000_000), work));
        Assert.Equal(0, work.Chars);
    }

    [Fact]
    public void CountTokens_MessagesBody_IsBoundedAndCancellable()
    {
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{new string('q', 300_000)}}"}]}""");
        var capped = new TokenWork(10_000);

        var tokens = MessagesTokenCounter.Count(body, capped);

        Assert.Equal(10_000, capped.Chars);
        Assert.True(tokens >= 290_000, $"{tokens}");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => MessagesTokenCounter.Count(body, new TokenWork(long.MaxValue, cancelled.Token)));
    }
}
