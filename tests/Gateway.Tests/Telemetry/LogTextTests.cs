using Gateway.Telemetry;

namespace Gateway.Tests.Telemetry;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("vendor/model:free")]
    [InlineData("caf\u00e9 \U0001F600 \u00fcber")]
    [InlineData("")]
    public void Safe_PlainText_IsReturnedAsItIs(string value) => Assert.Same(value, LogText.Safe(value));

    [Fact]
    public void Safe_Null_IsNull() => Assert.Null(LogText.Safe(null));

    [Theory]
    [InlineData("a\r\nINFO forged", "a\\u000d\\u000aINFO forged")]
    [InlineData("nul\0x", "nul\\u0000x")]
    [InlineData("esc\u001b[31mred", "esc\\u001b[31mred")]
    [InlineData("tab\there", "tab\\u0009here")]
    [InlineData("del\u007f nel\u0085", "del\\u007f nel\\u0085")]
    [InlineData("ls\u2028ps\u2029", "ls\\u2028ps\\u2029")]
    [InlineData("bidi\u202egnp.exe", "bidi\\u202egnp.exe")]
    public void Safe_ControlAndSeparatorCharacters_AreEscaped(string value, string expected) => Assert.Equal(expected, LogText.Safe(value));

    [Fact]
    public void Safe_LoneSurrogate_IsEscaped() => Assert.Equal("lone\\ud800x", LogText.Safe("lone" + (char)0xD800 + "x"));

    [Fact]
    public void Safe_LongValue_IsTruncatedWithTheOriginalLength()
    {
        var safe = LogText.Safe(new string('m', 1_000_000));

        Assert.Equal(new string('m', 256) + "…(1000000 chars)", safe);
    }

    [Fact]
    public void Safe_CustomMax_IsHonoured() => Assert.Equal("abc…(6 chars)", LogText.Safe("abcdef", 3));

    [Fact]
    public void Safe_TruncationInsideASurrogatePair_KeepsThePairWhole()
    {
        var safe = LogText.Safe("ab\U0001F600cd", 3);

        Assert.Equal("ab…(6 chars)", safe);
    }

    [Fact]
    public void Safe_LongValueWithNewlines_IsBothEscapedAndTruncated()
    {
        var safe = LogText.Safe(string.Concat(Enumerable.Repeat("x\n", 1000)), 4);

        Assert.Equal("x\\u000ax\\u000a…(2000 chars)", safe);
    }
}
