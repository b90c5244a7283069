using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Tests.Redis;

public sealed class RedisHashSlotTests
{
    // Expected slots as `CLUSTER KEYSLOT` of redis-server 7.0 answers them.
    [Theory]
    [InlineData("123456789", 12739)]
    [InlineData("foo", 12182)]
    [InlineData("bar", 5061)]
    [InlineData("{gateway:health}:openai", 2397)]
    [InlineData("{test:probe}:a", 15751)]
    [InlineData("{}{x}", 3257)]
    [InlineData("ü", 9552)]
    public void Of_MatchesRedis(string key, int slot) => Assert.Equal(slot, RedisHashSlot.Of(key));

    [Theory]
    [InlineData("{user1000}.following", "user1000")]
    [InlineData("foo{}{bar}", "foo{}{bar}")]
    [InlineData("foo{{bar}}zap", "{bar")]
    [InlineData("foo{bar}{zap}", "bar")]
    [InlineData("no tag", "no tag")]
    [InlineData("open{only", "open{only")]
    public void HashedPart_FollowsTheClusterSpecification(string key, string hashed) => Assert.Equal(hashed, RedisHashSlot.HashedPart(key));

    [Fact]
    public void AllInOne_KeysWithOneTag_True_WithoutATag_False()
    {
        Assert.True(RedisHashSlot.AllInOne(["{p}:a", "{p}:b", "x{p}y"]));
        Assert.False(RedisHashSlot.AllInOne(["foo", "bar"]));
    }

    [Fact]
    public async Task EvaluateInOneSlotAsync_KeysInTwoSlots_ThrowsBeforeSendingAnything()
    {
        IDatabase database = null!; // Never reached: the check comes first.

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.EvaluateInOneSlotAsync("return 1", ["{a}:x", "{b}:x"], []));
        Assert.Contains("hash slot", error.Message, StringComparison.Ordinal);
    }
}
