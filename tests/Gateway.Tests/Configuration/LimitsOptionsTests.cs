using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void Read_Nothing_GivesTheDefaults()
    {
        var limits = TestOptions.Read().Limits;

        Assert.Equal(new LimitsOptions(), limits);
        Assert.Equal((10_000L, 30d, 240d, 10d, 32 * 1024), (limits.MaxConcurrentConnections, limits.RequestHeadersTimeout.TotalSeconds, limits.MinRequestBodyBytesPerSecond, limits.RequestBodyGracePeriod.TotalSeconds, limits.MaxRequestHeadersTotalBytes));
    }

    [Fact]
    public void Read_ZeroConnectionsAndZeroPace_MeanUnlimitedAndNoMinimum()
    {
        var limits = TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Limits:MaxConcurrentConnections"] = "0",
            ["Gateway:Limits:MinRequestBodyBytesPerSecond"] = "0",
        }).Limits;

        Assert.Null(limits.MaxConcurrentConnections);
        Assert.Equal(0, limits.MinRequestBodyBytesPerSecond);
    }

    [Fact]
    public void Read_BadValues_NameEverySetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Limits:MaxConcurrentConnections"] = "-1",
            ["Gateway:Limits:RequestHeadersTimeoutSeconds"] = "0",
            ["Gateway:Limits:MinRequestBodyBytesPerSecond"] = "fast",
            ["Gateway:Limits:RequestBodyGracePeriodSeconds"] = "1",
            ["Gateway:Limits:MaxRequestHeadersTotalBytes"] = "10",
        }));

        Assert.Equal(5, error.Errors.Count(e => e.StartsWith("Gateway:Limits:", StringComparison.Ordinal)));
    }
}
