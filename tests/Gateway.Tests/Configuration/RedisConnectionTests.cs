using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class RedisConnectionTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6390", "127.0.0.1:6390")]
    [InlineData("redis://cache.internal", "cache.internal:6379")]
    [InlineData("redis://:s3cret@cache:6380/2", "cache:6380,password=s3cret,defaultDatabase=2")]
    [InlineData("rediss://user:p%40ss@cache:6380", "cache:6380,password=p@ss,ssl=true")]
    [InlineData("cache:6379,password=x,ssl=true", "cache:6379,password=x,ssl=true")]
    public void TryNormalize_AcceptedForms(string input, string expected)
    {
        Assert.True(RedisConnection.TryNormalize(input, out var configuration));
        Assert.Equal(expected, configuration);
    }

    [Theory]
    [InlineData("http://cache:6379")]
    [InlineData("redis://cache:6379/db")]
    [InlineData("not a connection string")]
    public void TryNormalize_Rejects(string input) => Assert.False(RedisConnection.TryNormalize(input, out _));

    [Fact]
    public void Read_RedisVariables_AiRedisUrlWinsOverRedisUrl_AndAdminKeyIsNotAProvider()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["REDIS_URL"] = "redis://other:1",
            ["AI_REDIS_URL"] = "redis://:pw@cache:6380",
            ["AI_ADMIN_KEY"] = "adm",
        });

        Assert.Equal("cache:6380,password=pw", options.Redis.ConnectionString);
        Assert.Equal("adm", options.AdminKey);
        Assert.Empty(options.Providers);
        Assert.Equal(("gateway:", TimeSpan.FromMilliseconds(250)), (options.Redis.KeyPrefix, options.Redis.FlushInterval));
    }

    [Fact]
    public void Read_BadRedisUrl_NamesTheVariableWithoutEchoingIt()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: new Dictionary<string, string?> { ["REDIS_URL"] = "http://:secret@x" }));
        var message = Assert.Single(error.Errors);
        Assert.StartsWith("REDIS_URL:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }
}
