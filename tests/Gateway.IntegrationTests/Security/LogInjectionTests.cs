using System.Net;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Security;

/// <summary>Strings a client or another writer controls (model, parameter names, Redis messages) reach the logs on one line and bounded in size.</summary>
public sealed class LogInjectionTests
{
    [Fact]
    public async Task AnthropicDroppedParameters_NameWithNewlines_IsLoggedOnOneLine()
    {
        await using var anthropic = await FakeUpstreamServer.StartAsync("claude");
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["AI_ANTHROPIC_URL"] = anthropic.Root,
            ["AI_ANTHROPIC_KEY"] = "sk-ant-secret",
            ["AI_ANTHROPIC_SMART"] = "claude-sonnet-4",
        });
        var request = Http.Chat();
        request.Content = new StringContent(
            """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"seed\r\nCritical Gateway[0] Forged entry\u2028Forged again":1}""",
            Encoding.UTF8, "application/json");

        var (response, _) = await gateway.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dropped = Assert.Single(gateway.Logs.Lines, l => l.Contains("no Anthropic equivalent", StringComparison.Ordinal));
        AssertOneLine(dropped);
        Assert.Contains("Forged entry", dropped, StringComparison.Ordinal);
    }

    // The provider fails so that the gateway answers with its own error: the line then carries the client's model.
    [Fact]
    public async Task RequestLog_ModelWithNewlines_IsLoggedOnOneLine()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        upstreams["a"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("m\r\nInformation Gateway.Requests[10] Forged\u0000entry"));

        // Such a model is refused at ingress; the request's one log line stays one line and forges nothing.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var line = Assert.Single(gateway.Logs.Lines, l => l.Contains("Gateway.Requests[10]", StringComparison.Ordinal));
        AssertOneLine(line);
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.Contains("Forged", StringComparison.Ordinal) && !l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestLog_MegabyteModel_IsTruncated()
    {
        await using var upstreams = await Upstreams.StartAsync("a");
        upstreams["a"].Default = FakeResponse.WithStatus(500);
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment());
        var model = new string('m', 1_000_000);

        var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat(model));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var line = Assert.Single(gateway.Logs.Lines, l => l.Contains("Gateway.Requests[10]", StringComparison.Ordinal));
        Assert.InRange(line.Length, 1, 4096);
    }

    [Fact]
    public async Task SharedHealth_CircuitMessageWithNewlinesFromRedis_IsLoggedOnOneLine()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var upstreams = await Upstreams.StartAsync("a");
        var prefix = $"test{Guid.NewGuid():N}:";
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_REDIS_URL", redis.Url)), new Dictionary<string, string?> { ["Gateway:Redis:KeyPrefix"] = prefix });
        var store = gateway.Services.GetRequiredService<IHealthStore>();
        await Eventually.TrueAsync(() => !store.Status.Degraded);

        using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await connection.GetDatabase().PublishAsync(StackExchange.Redis.RedisChannel.Literal(prefix + "circuit"), $"evil\nWarning Forged replica|a|open|{now + 60_000}|1000|{now}");
        }

        await Eventually.TrueAsync(() => gateway.Logs.Lines.Any(l => l.Contains("as replica", StringComparison.Ordinal)));
        AssertOneLine(gateway.Logs.Lines.Single(l => l.Contains("as replica", StringComparison.Ordinal)));
    }

    private static void AssertOneLine(string line)
    {
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\0', line);
        Assert.DoesNotContain('\u2028', line);
    }
}
