using System.Net;
using Gateway.Configuration;
using StackExchange.Redis;

namespace Gateway.Tests.Configuration;

public sealed class RedisConnectionTests
{
    private static ConfigurationOptions Create(string value)
    {
        Assert.True(RedisConnection.TryCreate(value, TimeSpan.FromMilliseconds(700), out var configuration));
        return configuration;
    }

    private static string EndPoint(ConfigurationOptions configuration) => EndPointCollection.ToString(Assert.Single(configuration.EndPoints));

    [Theory]
    [InlineData("redis://127.0.0.1:6390", "127.0.0.1:6390", null, null, null, false)]
    [InlineData("redis://cache.internal", "cache.internal:6379", null, null, null, false)]
    [InlineData("redis://:s3cret@cache:6380/2", "cache:6380", null, "s3cret", 2, false)]
    [InlineData("redis://s3cret@cache:6380", "cache:6380", null, "s3cret", null, false)]
    [InlineData("rediss://user:p%40ss@cache:6380", "cache:6380", "user", "p@ss", null, true)]
    [InlineData("redis://:pa,ss@cache:6379", "cache:6379", null, "pa,ss", null, false)]
    [InlineData("redis://:a,b=c,ssl=false,x:1@cache:6379", "cache:6379", null, "a,b=c,ssl=false,x:1", null, false)]
    [InlineData("redis://user:pa%3Ass@cache", "cache:6379", "user", "pa:ss", null, false)]
    [InlineData("redis://gate%3Away,x:pw@cache", "cache:6379", "gate:way,x", "pw", null, false)]
    public void TryCreate_Url_SetsEachFieldInCode(string url, string endpoint, string? user, string? password, int? database, bool ssl)
    {
        var configuration = Create(url);

        Assert.Equal((endpoint, user, password, database, ssl), (EndPoint(configuration), configuration.User, configuration.Password, configuration.DefaultDatabase, configuration.Ssl));
        Assert.Equal((false, 700, 700), (configuration.AbortOnConnectFail, configuration.ConnectTimeout, configuration.SyncTimeout));
    }

    [Fact]
    public void TryCreate_ConfigurationString_IsParsed()
    {
        var configuration = Create("cache:6379,password=x,ssl=true");

        Assert.Equal(("cache:6379", "x", true, false), (EndPoint(configuration), configuration.Password, configuration.Ssl, configuration.AbortOnConnectFail));
    }

    [Fact]
    public void TryCreate_IPv6Url_IsOneEndPoint() =>
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 6390), Assert.Single(Create("redis://[::1]:6390").EndPoints));

    [Theory]
    [InlineData("http://cache:6379")]
    [InlineData("redis://cache:6379/db")]
    [InlineData("not a connection string")]
    [InlineData("cache:6379,unknownOption=1")]
    [InlineData("password=only")]
    public void TryCreate_Rejects(string input) => Assert.False(RedisConnection.TryCreate(input, TimeSpan.FromSeconds(1), out _));

    [Fact]
    public void Read_RedisVariables_AiRedisUrlWinsOverRedisUrl_AndAdminKeyIsNotAProvider()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?>
        {
            ["REDIS_URL"] = "redis://other:1",
            ["AI_REDIS_URL"] = "redis://:pw@cache:6380",
            ["AI_ADMIN_KEY"] = "adm-0123456789abcdef0123456789",
        });

        Assert.Equal("redis://:pw@cache:6380", options.Redis.ConnectionString);
        Assert.Equal("adm-0123456789abcdef0123456789", options.AdminKey);
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

    [Fact]
    public void Read_BadConfigurationString_IsRejectedWithoutEchoingIt()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_REDIS_URL"] = "cache:6379,passwrd=secret" }));
        Assert.DoesNotContain("secret", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void RedisOptions_ToString_LeavesThePasswordOut()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_REDIS_URL"] = "redis://:s3cret@cache:6380" });

        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("KeyPrefix = gateway:", options.Redis.ToString(), StringComparison.Ordinal);
    }
}
