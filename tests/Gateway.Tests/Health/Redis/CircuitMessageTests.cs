using Gateway.Health;
using Gateway.Health.Redis;

namespace Gateway.Tests.Health.Redis;

public sealed class CircuitMessageTests
{
    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        var text = CircuitMessage.Format("r1", "groq", "open", 1_800_000_005_000, 5_000, 1_800_000_000_000);

        Assert.True(CircuitMessage.TryParse(text, out var message));
        Assert.Equal(("r1", "groq", CircuitState.Open), (message.Replica, message.Provider, message.State));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_005_000), message.OpenUntil);
        Assert.Equal(TimeSpan.FromSeconds(5), message.Cooldown);
    }

    [Theory]
    [InlineData("")]
    [InlineData("r1|groq|open|1|2")]
    [InlineData("r1|groq|half|1|2|3")]
    [InlineData("r1|groq|open|x|2|3")]
    [InlineData("r1|groq|open|1|-2|3")]
    [InlineData("r1|groq|open|1|2|0")]
    [InlineData("r1|groq|open|1|2|999999999999999999")]
    [InlineData("r1|groq|open|1|9223372036854775807|3")]
    public void TryParse_Garbage_IsRejected(string text) => Assert.False(CircuitMessage.TryParse(text, out _));
}
