using System.Text.Json;
using System.Web;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Gateway.ManagedProviders;

namespace Gateway.IntegrationTests.ManagedProviders;

/// <summary>OpenRouter connect with PKCE against FakeUpstream's key endpoint: the seed's exchange and the server-driven flow.</summary>
public sealed class PkceConnectTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private FakeUpstreamServer _openRouter = null!;

    public async Task InitializeAsync() => _openRouter = await FakeUpstreamServer.StartAsync("openrouter");

    public async Task DisposeAsync() => await _openRouter.DisposeAsync();

    private Task<GatewayHost> StartAsync(StoreBackend store, TimeProvider? time = null) =>
        store.StartAsync(time: time, settings: [("Gateway:OpenRouter:AuthBaseUrl", _openRouter.Root), ("Gateway:OpenRouter:StateTtlSeconds", "300")]);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Exchange_SeedFlow_StoresTheKeyAsTheOwnersOpenRouterProvider(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var gateway = await StartAsync(store);
        var verifier = Pkce.NewVerifier();
        var code = _openRouter.IssueOpenRouterCode(Pkce.Challenge(verifier));

        await AssertFailedAsync(gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers/openrouter/exchange", StoreBackend.AliceKey,
            $$"""{"code":"{{code}}","codeVerifier":"{{Pkce.NewVerifier()}}","codeChallengeMethod":"S256"}"""));
        code = _openRouter.IssueOpenRouterCode(Pkce.Challenge(verifier));
        await AssertFailedAsync(gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers/openrouter/exchange", StoreBackend.AliceKey,
            $$"""{"code":"{{code}}","codeVerifier":"{{verifier}}","codeChallengeMethod":"plain"}"""));

        var (status, body) = await gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers/openrouter/exchange", StoreBackend.AliceKey,
            $$"""{"code":"{{code}}","codeVerifier":"{{verifier}}","codeChallengeMethod":"S256"}""");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        var id = body.GetProperty("id").GetString()!;

        var (_, detail) = await gateway.Client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey);
        Assert.Equal("openrouter", detail.GetProperty("provider").GetProperty("provider").GetString());
        Assert.Equal("or-user-123", detail.GetProperty("provider").GetProperty("providerUserId").GetString());

        // The key works: point the provider at the fake and send a chat; the fake sees OpenRouter's key, not the client's.
        await gateway.Client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, $$$"""{"providerConfig":{"baseUrl":"{{{_openRouter.BaseUrl}}}","smart":"or-smart"}}""");
        Assert.Equal(200, (await gateway.Client.ChatAsync(StoreBackend.AliceKey)).Status);
        Assert.Equal("Bearer sk-or-v1-fake-openrouter-key-0001", _openRouter.Received[^1].Headers["Authorization"]);
        Assert.Equal(404, (await gateway.Client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.BobKey)).Status);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Connect_ServerDriven_StateIsSingleUse_OwnerBound_AndExpires(string kind)
    {
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        var clock = new ManualClock();
        await using var gateway = await StartAsync(store, clock);

        var (url, state, challenge) = await ConnectAsync(gateway, StoreBackend.AliceKey);
        Assert.StartsWith(_openRouter.Root + "/auth?callback_url=", url, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", url, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("https://console.example/cb?state=" + state), url, StringComparison.Ordinal);

        // Bob cannot redeem Alice's state, and trying does not use it up.
        var code = _openRouter.IssueOpenRouterCode(challenge);
        await AssertFailedAsync(CallbackAsync(gateway, StoreBackend.BobKey, code, state));
        var (status, body) = await CallbackAsync(gateway, StoreBackend.AliceKey, code, state);
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());

        // Replay: the state is gone.
        await AssertFailedAsync(CallbackAsync(gateway, StoreBackend.AliceKey, _openRouter.IssueOpenRouterCode(challenge), state));
        await AssertFailedAsync(CallbackAsync(gateway, StoreBackend.AliceKey, code, "made-up-state"));

        // Expiry, on the gateway's clock.
        (_, state, challenge) = await ConnectAsync(gateway, StoreBackend.AliceKey);
        clock.Advance(TimeSpan.FromSeconds(301));
        var before = _openRouter.OpenRouterExchanges;
        await AssertFailedAsync(CallbackAsync(gateway, StoreBackend.AliceKey, _openRouter.IssueOpenRouterCode(challenge), state));
        Assert.Equal(before, _openRouter.OpenRouterExchanges);
    }

    private async Task<(string Url, string State, string Challenge)> ConnectAsync(GatewayHost gateway, string key)
    {
        var (status, body) = await gateway.Client.SendAsync(HttpMethod.Get, "/api/ai-providers/openrouter/connect?callback_url=" + Uri.EscapeDataString("https://console.example/cb"), key);
        Assert.Equal(200, status);
        var url = body.GetProperty("url").GetString()!;
        var query = HttpUtility.ParseQueryString(new Uri(url).Query);
        return (url, body.GetProperty("state").GetString()!, query["code_challenge"]!);
    }

    private static Task<(int Status, JsonElement Body)> CallbackAsync(GatewayHost gateway, string key, string code, string state) =>
        gateway.Client.SendAsync(HttpMethod.Post, "/api/ai-providers/openrouter/callback", key, $$"""{"code":"{{code}}","state":"{{state}}"}""");

    private static async Task AssertFailedAsync(Task<(int Status, JsonElement Body)> call)
    {
        var (status, body) = await call;
        Assert.Equal(400, status);
        Assert.Equal("OAUTH_EXCHANGE_FAILED", body.GetProperty("error").GetString());
    }
}
