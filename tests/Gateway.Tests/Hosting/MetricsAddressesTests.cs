using Gateway.Configuration;
using Gateway.Hosting;

namespace Gateway.Tests.Hosting;

public sealed class MetricsAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1")]
    [InlineData("http://localhost:8080", "localhost")]
    [InlineData("http://localhost:8080;http://127.0.0.1:9000", "localhost")]
    [InlineData("http://0.0.0.0:8080", "0.0.0.0")]
    [InlineData("http://[::]:8080", "*")]
    [InlineData("http://[::]:8080;http://127.0.0.1:9000", "*")]
    [InlineData("http://0.0.0.0:8080;http://10.0.0.5:9000;http://[::1]:8080", "0.0.0.0,::1")]
    [InlineData("http://10.0.0.5:8080;https://10.0.0.5:8443", "10.0.0.5")]
    [InlineData("http://unix:/run/gateway.sock", "localhost")]
    [InlineData("http://gateway.internal:8080", "*")]
    public void Hosts_FollowTheApiListener(string apiAddresses, string expected)
    {
        var hosts = MetricsAddresses.Hosts(apiAddresses.Split(';'), configuredHost: null);

        Assert.Equal(expected, string.Join(",", hosts));
    }

    [Theory]
    [InlineData("*", "*")]
    [InlineData("+", "*")]
    [InlineData("LOCALHOST", "localhost")]
    [InlineData("[::1]", "::1")]
    public void Hosts_Configured_WinsOverTheApiListener(string configured, string expected)
    {
        Assert.Equal([expected], MetricsAddresses.Hosts(["http://127.0.0.1:8080"], configured));
    }

    [Fact]
    public void Read_MetricsHostNotAnAddress_NamesTheSetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Metrics:Host"] = "my host" }));

        Assert.Contains(error.Errors, e => e.StartsWith("Gateway:Metrics:Host: 'my host' is not", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MetricsToken_FromAiMetricsToken()
    {
        var options = TestOptions.Read(environment: new Dictionary<string, string?> { ["AI_METRICS_TOKEN"] = "t0k" });

        Assert.Equal("t0k", options.Metrics.BearerToken);
    }
}
