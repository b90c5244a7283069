using System.Diagnostics;
using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Telemetry;

/// <summary>
/// The OpenTelemetry GenAI conventions on /metrics (the Prometheus exporter's output, read over a real scrape) after a
/// chat, a stream and a failover, and on the attempt spans.
/// </summary>
public sealed class GenAiMetricsTests
{
    private static readonly (string, string)[] Chat = [("gen_ai_operation_name", "chat"), ("gen_ai_provider_name", "custom"), ("gen_ai_request_model", "smart")];

    [Fact]
    public async Task Chat_RecordsRequestDurationAndTokenUsage_WithBoundedAttributes()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.ExchangeAsync(Http.Chat())).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.ExchangeAsync(Http.Chat("made-up-model-" + Guid.NewGuid()))).Response.StatusCode);
        var m = await MetricsText.ScrapeAsync(gateway.Client);

        var duration = Assert.Single(m.Where("gen_ai_server_request_duration_seconds_count", [.. Chat]));
        Assert.Equal(1, duration.Value);
        Assert.Equal("a-smart", duration.Key["gen_ai_response_model"]);
        Assert.Equal("a", duration.Key["gateway_provider"]);
        Assert.False(duration.Key.ContainsKey("error_type"));
        Assert.Equal(5, Assert.Single(m.Where("gen_ai_client_token_usage_sum", [.. Chat, ("gen_ai_token_type", "input")])).Value);
        Assert.Equal(3, Assert.Single(m.Where("gen_ai_client_token_usage_sum", [.. Chat, ("gen_ai_token_type", "output")])).Value);

        // A model the client made up is "other", never its text.
        Assert.Equal(1, Assert.Single(m.Where("gen_ai_server_request_duration_seconds_count", ("gen_ai_request_model", "other"))).Value);
        Assert.DoesNotContain("made-up-model", m.Text, StringComparison.Ordinal);

        // No stream yet: no time to first token.
        Assert.Empty(m.Where("gen_ai_server_time_to_first_token_seconds_count"));
    }

    [Fact]
    public async Task Stream_RecordsTimeToFirstToken_AndTimePerOutputToken()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());

        await gateway.Client.ExchangeAsync(Http.Chat(stream: true));
        var m = await MetricsText.ScrapeAsync(gateway.Client);

        Assert.Equal(1, Assert.Single(m.Where("gen_ai_server_time_to_first_token_seconds_count", [.. Chat, ("gen_ai_response_model", "a-smart")])).Value);
        Assert.Equal(1, Assert.Single(m.Where("gen_ai_server_time_to_first_token_seconds_bucket", [.. Chat, ("le", "+Inf")])).Value);
        Assert.Equal(1, Assert.Single(m.Where("gen_ai_server_time_per_output_token_seconds_count", [.. Chat])).Value);
        Assert.InRange(Assert.Single(m.Where("gen_ai_server_time_per_output_token_seconds_sum", [.. Chat])).Value, 0, 10);
        Assert.Equal(3, Assert.Single(m.Where("gen_ai_client_token_usage_sum", [.. Chat, ("gen_ai_token_type", "output")])).Value);

        // The conventions' advised buckets, not the gateway's latency buckets.
        var bounds = m.Where("gen_ai_server_time_to_first_token_seconds_bucket", [.. Chat]).Select(s => s.Key["le"]).ToHashSet();
        Assert.Contains("0.001", bounds);
        Assert.Contains("7.5", bounds);
    }

    [Fact]
    public async Task FailedAttempt_CarriesErrorType_TheServedOneDoesNot()
    {
        await using var upstreams = await Upstreams.StartAsync("a", "b");
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")));
        upstreams["a"].Script(FakeResponse.WithStatus(500));

        await gateway.Client.ExchangeAsync(Http.Chat());
        var m = await MetricsText.ScrapeAsync(gateway.Client);

        Assert.Equal(1, Assert.Single(m.Where("gen_ai_server_request_duration_seconds_count", ("gateway_provider", "a"), ("error_type", "5xx"))).Value);
        var served = Assert.Single(m.Where("gen_ai_server_request_duration_seconds_count", ("gateway_provider", "b")));
        Assert.False(served.Key.ContainsKey("error_type"));
        Assert.Equal("b-smart", served.Key["gen_ai_response_model"]);
    }

    [Fact]
    public async Task AttemptSpan_HasGenAiAttributes()
    {
        // A provider name no other test uses: the listener sees every span in the process.
        await using var upstreams = await Upstreams.StartAsync("genaispan");
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Gateway",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.DisplayName == "gateway.upstream.attempt" && activity.GetTagItem("gateway.provider") as string == "genaispan")
                {
                    lock (spans)
                    {
                        spans.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());

        await gateway.Client.ExchangeAsync(Http.Chat(stream: true));

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans);
        }

        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("custom", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("genaispan-smart", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("genaispan-smart", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(5L, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(3L, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Null(span.GetTagItem("error.type"));
    }
}
