using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>deploy/: the Prometheus files pass promtool, the YAML passes yamllint, the dashboard only uses metrics the gateway exports, and the exporter's output passes promtool's lint.</summary>
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
        // The exporter lists only series that have points: traffic that gives every panel one (a priced and an unpriced
        // model, a failover, a stream without usage, streams with usage, Redis for the sharing gauge).
        await using var redis = await RedisServer.StartAsync();
        await using var upstreams = await Upstreams.StartAsync("a", "b");
        await using var gateway = await GatewayHost.StartAsync(
            upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2"), ("AI_REDIS_URL", redis.Url)),
            new Dictionary<string, string?> { ["Gateway:Prices:a-smart:Input"] = "1", ["Gateway:Prices:a-smart:Output"] = "2" });
        await gateway.Client.ExchangeAsync(Http.Chat(stream: true));
        upstreams["a"].Script(FakeResponse.WithStatus(500));
        await gateway.Client.ExchangeAsync(Http.Chat());
        upstreams["a"].Default = new FakeResponse { Chunks = 2 };
        var noUsage = Http.Chat(stream: true);
        noUsage.Content = new StringContent("""{"model":"smart","messages":[],"stream":true,"stream_options":{"include_usage":false}}""", System.Text.Encoding.UTF8, "application/json");
        await gateway.Client.ExchangeAsync(noUsage);
        MetricsText scrape;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            scrape = await MetricsText.ScrapeAsync(gateway.Client); // the sharing gauge once the replica reached Redis (at most 10 s)
        }
        while (!scrape.Families.Contains("gateway_health_store_sharing") && clock.Elapsed < TimeSpan.FromSeconds(10) && await Delay());

        var exported = scrape.Families;

        // The exporter's exposition itself passes promtool's lint (names, suffixes, units, HELP and TYPE).
        var (lintExit, lint) = await PromtoolCheckMetricsAsync(scrape.Text);
        Assert.True(lintExit == 0, lint);

        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.Path("deploy", "grafana", "gateway-dashboard.json")));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Append(await File.ReadAllTextAsync(Repository.Path("deploy", "alerts.yml")))
            .ToList();

        var named = expressions.SelectMany(e => MetricName().Matches(Grouping().Replace(e, "")).Select(m => m.Value)).Distinct().ToList();
        Assert.True(named.Count >= 10, string.Join(", ", named));
        foreach (var name in named)
        {
            var family = Regex.Replace(name, "_(bucket|sum|count)$", "");
            Assert.True(exported.Contains(family) || exported.Contains(name), $"{name} is not exported; /metrics has: {string.Join(", ", exported)}");
        }
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckMetricsAsync(string exposition)
    {
        var start = new System.Diagnostics.ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = System.Diagnostics.Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await promtool.WaitForExitAsync(timeout.Token);
        return (promtool.ExitCode, await output + await errors);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }

    /// <summary><c>by (...)</c> and <c>without (...)</c>: label names, left out before looking for metric names.</summary>
    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    // A metric name, not a label name: those stand in matchers (x="...", x=~"...").
    [GeneratedRegex(@"\b(gateway|gen_ai)_[a-z_]+(?![a-z_]|\s*(,|=\s*""|!=\s*""|=~|!~))")]
    private static partial Regex MetricName();
}
