using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Surfaces;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// Prompt-cache affinity (<c>Gateway:Affinity</c>) for <c>/v1/responses</c> conversations over real sockets: a turn that
/// continues a stored response (<c>previous_response_id</c>) goes to the provider that answered it, under round-robin
/// (which would alternate), and <c>GET /admin/routing</c> says so; a provider that fails loses the conversation to the
/// one that answered instead, which keeps it; with affinity off the turns rotate as before.
/// </summary>
public sealed class ResponsesAffinityTests : IAsyncLifetime
{
    private const string AdminKey = "admin-secret-0123456789abcdef";
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>Round-robin over a and b; the bodies are shorter than PrefixBytes, so only the stored response can bind a turn.</summary>
    private Task<GatewayHost> StartAsync(bool enabled = true) => GatewayHost.StartAsync(
        _upstreams.Environment(("AI_ROTATION", "round-robin"), ("AI_ADMIN_KEY", AdminKey)),
        settings: new Dictionary<string, string?>
        {
            ["Gateway:Affinity:Enabled"] = enabled ? "true" : "false",
            ["Gateway:Affinity:PrefixBytes"] = "4096",
            ["Gateway:Retry:SameProvider"] = "0",
            ["Gateway:Health:FailureThreshold"] = "100", // a failed provider stays planned: the conversation moves by failover only
        });

    /// <summary>One turn: (the provider that answered, the response id to continue from).</summary>
    private static async Task<(string Provider, string Id)> TurnAsync(GatewayHost gateway, int turn, string? previous, string? requestId = null)
    {
        var request = SurfaceHttp.Responses($"Turn {turn}.", extra: previous is null ? "" : $$""","previous_response_id":"{{previous}}" """);
        if (requestId is not null)
        {
            request.Headers.Add("x-request-id", requestId);
        }

        var (response, body) = await gateway.Client.ExchangeAsync(request);
        Assert.True(response.IsSuccessStatusCode, body);
        return (response.Header("x-gateway-provider"), JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task PreviousResponseId_TheTurnsStayOnTheProviderOfTheFirst()
    {
        await using var gateway = await StartAsync();

        var (first, id) = await TurnAsync(gateway, 0, null);
        for (var turn = 1; turn < 4; turn++)
        {
            string served;
            (served, id) = await TurnAsync(gateway, turn, id, requestId: $"turn-{turn}");
            Assert.Equal(first, served);
        }

        // Round-robin still rotates conversations that continue nothing.
        var fresh = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            fresh.Add((await TurnAsync(gateway, 0, null)).Provider);
        }

        Assert.Equal(2, fresh.Distinct().Count());

        using var routing = new HttpRequestMessage(HttpMethod.Get, "/admin/routing");
        routing.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var (_, decisions) = await gateway.Client.ExchangeAsync(routing);
        var decision = JsonDocument.Parse(decisions).RootElement.GetProperty("decisions").EnumerateArray()
            .Single(d => d.GetProperty("request_id").GetString() == "turn-3");
        Assert.True(decision.GetProperty("affinity").GetBoolean(), decision.GetRawText());
        var servedBy = decision.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("provider").GetString() == first);
        Assert.Equal("served", servedBy.GetProperty("verdict").GetString());
        Assert.Contains("affinity", servedBy.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderFails_TheNextTurnMoves_AndLaterTurnsFollowTheNewProvider()
    {
        await using var gateway = await StartAsync();
        var (first, id) = await TurnAsync(gateway, 0, null);

        _upstreams[first].Default = FakeResponse.WithStatus(500);
        var (moved, movedId) = await TurnAsync(gateway, 1, id);
        Assert.NotEqual(first, moved);

        _upstreams[first].Default = FakeResponse.Ok; // healthy again: round-robin alone would come back to it
        id = movedId;
        for (var turn = 2; turn < 5; turn++)
        {
            string served;
            (served, id) = await TurnAsync(gateway, turn, id);
            Assert.Equal(moved, served);
        }
    }

    [Fact]
    public async Task Off_TheTurnsAlternate()
    {
        await using var gateway = await StartAsync(enabled: false);

        var served = new List<string>();
        string? id = null;
        for (var turn = 0; turn < 4; turn++)
        {
            string provider;
            (provider, id) = await TurnAsync(gateway, turn, id);
            served.Add(provider);
        }

        Assert.Equal([served[0], served[1], served[0], served[1]], served);
        Assert.NotEqual(served[0], served[1]);
    }
}
