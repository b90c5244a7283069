using System.Diagnostics;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>
/// A real Prometheus (Debian package) scrapes the gateway (OpenTelemetry's exporter, in the OpenMetrics format Prometheus
/// asks for) on loopback; queries through its HTTP API see the per-provider rate, latency quantiles and the GenAI
/// time to first token of the streams.
/// </summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_ScrapesTheGateway_AndAnswersRateAndQuantileQueries()
    {
        await using var upstreams = await Upstreams.StartAsync("a", "b");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());
        var port = Ports.Free();
        var data = Directory.CreateTempSubdirectory("prometheus-");
        var config = Path.Combine(data.FullName, "prometheus.yml");
        var target = new Uri(gateway.Root).Authority;
        await File.WriteAllTextAsync(config, $"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: gateway\n    static_configs:\n      - targets: [\"{target}\"]\n");
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={data.FullName}/tsdb", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            // Bounded traffic: at most 40 s or until Prometheus answers both queries.
            var clock = Stopwatch.StartNew();
            JsonElement? rate = null, quantile = null, firstToken = null;
            while (clock.Elapsed < TimeSpan.FromSeconds(40) && (rate is null || quantile is null || firstToken is null))
            {
                for (var i = 0; i < 10; i++)
                {
                    await gateway.Client.ExchangeAsync(Http.Chat(stream: i % 2 == 0));
                }

                await Task.Delay(250);
                rate ??= await QueryAsync(api, "sum by (provider) (rate(gateway_upstream_attempts_total[5s]))");
                quantile ??= await QueryAsync(api, "histogram_quantile(0.9, sum by (le) (rate(gateway_upstream_headers_duration_seconds_bucket[5s])))");
                firstToken ??= await QueryAsync(api, "histogram_quantile(0.5, sum by (le, gen_ai_operation_name) (rate(gen_ai_server_time_to_first_token_seconds_bucket[5s])))");
            }

            Assert.NotNull(rate);
            Assert.NotNull(quantile);
            var providers = rate.Value.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("provider").GetString()).Order().ToList();
            Assert.Equal(["a", "b"], providers);
            Assert.All(rate.Value.EnumerateArray(), r => Assert.True(double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0));
            var seconds = double.Parse(quantile.Value[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(seconds, 0.0001, 10);
            Assert.NotNull(firstToken);
            Assert.Equal("chat", Assert.Single(firstToken.Value.EnumerateArray()).GetProperty("metric").GetProperty("gen_ai_operation_name").GetString());
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
            data.Delete(recursive: true);
        }
    }

    /// <summary>The query's result vector when it has samples with numeric values, else null.</summary>
    private static async Task<JsonElement?> QueryAsync(HttpClient api, string query)
    {
        try
        {
            var json = await api.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
            var result = JsonDocument.Parse(json).RootElement.GetProperty("data").GetProperty("result").Clone();
            return result.GetArrayLength() > 0 && result.EnumerateArray().All(r => r.GetProperty("value")[1].GetString() is not ("NaN" or null)) ? result : null;
        }
        catch (HttpRequestException)
        {
            return null; // Prometheus is still starting.
        }
    }
}
