using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Prompt-cache affinity (<c>Gateway:Affinity</c>) over real sockets: the turns of one conversation (the same long
/// start of the prompt) stay on the account that served it under round-robin, another conversation rotates as usual,
/// and a bound account that fails loses the conversation to the next one, which keeps it.
/// </summary>
public sealed class AffinityTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartAsync(bool enabled = true) => GatewayHost.StartAsync(
        _upstreams.Environment(("AI_ROTATION", "round-robin")),
        settings: new Dictionary<string, string?>
        {
            ["Gateway:Affinity:Enabled"] = enabled ? "true" : "false",
            ["Gateway:Affinity:PrefixBytes"] = "1024",
            ["Gateway:Retry:SameProvider"] = "0",
        });

    /// <summary>Turn <paramref name="turn"/> of a conversation whose system prompt (about 2 kB) is <paramref name="topic"/>'s.</summary>
    private static HttpRequestMessage Turn(string topic, int turn)
    {
        var messages = new List<object> { new { role = "system", content = string.Concat(Enumerable.Repeat($"You are an expert on {topic}. ", 80)) } };
        for (var i = 0; i <= turn; i++)
        {
            messages.Add(new { role = "user", content = $"Question {i} about {topic}" });
            if (i < turn)
            {
                messages.Add(new { role = "assistant", content = $"Answer {i}" });
            }
        }

        return new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = "smart", messages }), Encoding.UTF8, "application/json"),
        };
    }

    private static async Task<string> ServedByAsync(GatewayHost gateway, string topic, int turn)
    {
        var (response, body) = await gateway.Client.ExchangeAsync(Turn(topic, turn));
        Assert.True(response.IsSuccessStatusCode, body);
        return response.Header("x-gateway-provider");
    }

    [Fact]
    public async Task OneConversation_StaysOnOneAccount_WhileOthersRotate()
    {
        await using var gateway = await StartAsync();

        var first = await ServedByAsync(gateway, "tides", 0);
        var others = new List<string>();
        for (var turn = 1; turn < 6; turn++)
        {
            Assert.Equal(first, await ServedByAsync(gateway, "tides", turn));
            others.Add(await ServedByAsync(gateway, $"topic {turn}", 0)); // new conversations still rotate
        }

        Assert.True(others.Distinct().Count() > 1, string.Join(",", others));
    }

    [Fact]
    public async Task BoundAccountFails_TheConversationMovesAndStaysOnTheNext()
    {
        await using var gateway = await StartAsync();
        var first = await ServedByAsync(gateway, "tides", 0);

        _upstreams[first].Default = FakeResponse.WithStatus(500);
        var moved = await ServedByAsync(gateway, "tides", 1);
        Assert.NotEqual(first, moved);
        for (var turn = 2; turn < 6; turn++)
        {
            Assert.Equal(moved, await ServedByAsync(gateway, "tides", turn));
        }
    }

    [Fact]
    public async Task Off_TheTurnsRotate()
    {
        await using var gateway = await StartAsync(enabled: false);

        var served = new List<string>();
        for (var turn = 0; turn < 3; turn++)
        {
            served.Add(await ServedByAsync(gateway, "tides", turn));
        }

        Assert.Equal(3, served.Distinct().Count());
    }
}
