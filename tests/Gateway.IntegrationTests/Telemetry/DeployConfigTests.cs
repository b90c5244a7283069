using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>deploy/: the Prometheus files pass promtool, the YAML passes yamllint, the dashboard only uses metrics the gateway exports.</summary>
public sealed partial class DeployConfigTests
{
    [Fact]
    public async Task PrometheusConfigAndRules_PassPromtool()
    {
        var config = await Repository.RunAsync("promtool", "check", "config", "deploy/prometheus.yml");
        var rules = await Repository.RunAsync("promtool", "check", "rules", "deploy/alerts.yml");

        Assert.True(config.ExitCode == 0, config.Output);
        Assert.True(rules.ExitCode == 0, rules.Output);
        Assert.Contains("SUCCESS: 5 rules found", rules.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployYaml_PassesYamllint()
    {
        var files = Directory.GetFiles(Repository.Path("deploy"), "*.yml", SearchOption.AllDirectories);
        var (exitCode, output) = await Repository.RunAsync("yamllint", ["-c", ".yamllint", .. files]);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task DashboardAndAlerts_NameOnlyMetricsTheGatewayExports()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());
        await gateway.Client.ExchangeAsync(Http.Chat(stream: true));
        var exported = (await MetricsText.ScrapeAsync(gateway.Client)).Families;

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.Path("deploy", "grafana", "gateway-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Append(await File.ReadAllTextAsync(Repository.Path("deploy", "alerts.yml")))
            .ToList();

        var named = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).Distinct().ToList();
        Assert.True(named.Count >= 10, string.Join(", ", named));
        foreach (var name in named)
        {
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.True(exported.Contains(family) || exported.Contains(name), $"{name} is not exported; /metrics has: {string.Join(", ", exported)}");
        }
    }

    [GeneratedRegex(@"\bgateway_[a-z_]+")]
    private static partial Regex MetricName();
}
