using Gateway.Configuration;

namespace Gateway.Tests.Configuration;

public sealed class ConsoleOptionsTests
{
    [Fact]
    public void Read_Nothing_ConsoleOnTheApiPort()
    {
        Assert.Equal(new ConsoleOptions { Enabled = true, Port = 0, Host = null }, TestOptions.Read().Console);
    }

    [Fact]
    public void Read_PortHostAndEnabled_AreTaken()
    {
        var console = TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Console:Port"] = "9091",
            ["Gateway:Console:Host"] = "127.0.0.1",
            ["Gateway:Console:Enabled"] = "false",
        }).Console;

        Assert.Equal(new ConsoleOptions { Enabled = false, Port = 9091, Host = "127.0.0.1" }, console);
    }

    [Theory]
    [InlineData("70000", null, null, "Gateway:Console:Port")]
    [InlineData("-1", null, null, "Gateway:Console:Port")]
    [InlineData("9090", "9090", null, "Gateway:Metrics:Port")]
    [InlineData("8080", null, null, "API's port")]
    [InlineData("9000", null, "http://0.0.0.0:9000;http://127.0.0.1:9100", "API's port")]
    public void Read_PortOutOfRangeOrShared_FailsNamingTheSetting(string port, string? metricsPort, string? urls, string expected)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Console:Port"] = port,
            ["Gateway:Metrics:Port"] = metricsPort,
            ["urls"] = urls,
        }));

        var message = Assert.Single(error.Errors);
        Assert.StartsWith("Gateway:Console:Port", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PortOtherThanTheApisAndMetrics_IsAccepted()
    {
        var options = TestOptions.Read(new Dictionary<string, string?>
        {
            ["Gateway:Console:Port"] = "8081",
            ["Gateway:Metrics:Port"] = "9090",
            ["urls"] = "http://*:8080",
        });

        Assert.Equal(8081, options.Console.Port);
    }

    [Fact]
    public void Read_BadHost_NamesTheSetting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => TestOptions.Read(new Dictionary<string, string?> { ["Gateway:Console:Host"] = "console.example" }));

        Assert.StartsWith("Gateway:Console:Host", Assert.Single(error.Errors), StringComparison.Ordinal);
    }
}
