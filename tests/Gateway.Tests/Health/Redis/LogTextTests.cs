using Gateway.Health.Redis;

namespace Gateway.Tests.Health.Redis;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("replica-1", "replica-1")]
    [InlineData("evil\r\nInformation forged", "evil??Information forged")]
    [InlineData("a\u0085b\u2028c\u202Ed\u001B[31m", "a?b?c?d?[31m")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void From_ReplacesControlAndLineBreakingCharacters(string? value, string expected) => Assert.Equal(expected, LogText.From(value));

    [Fact]
    public void From_LongValue_IsCutAt64Characters()
    {
        Assert.Equal(new string('x', 64) + "…", LogText.From(new string('x', 100_000)));
        Assert.Equal(new string('x', 64), LogText.From(new string('x', 64)));
    }
}
