using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Accounts;
using Gateway.Forwarding;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// No loops, no monopoly (docs/security.md, "Loops and the hop marker", "Concurrency per key"): what the gateway sends
/// upstream carries its hop marker, a request back at the gateway past <c>MaxHops</c> passes is refused with 508 in
/// the surface's shape, and <c>maxConcurrent</c> of an owner answers 429 beyond it.
/// </summary>
public sealed class LoopAndConcurrencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private Upstreams _upstreams = null!;
    private StoreBackend _store = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _store = await StoreBackend.CreateAsync("sqlite", null!);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    [Fact]
    public async Task SelfPointingProvider_EndsInAnErrorAfterMaxHopsPasses_HealthzKeepsAnswering()
    {
        // No configured provider: nothing to fail over to, so the loop's end is what the client sees.
        await using var gateway = await StartAsync(withUpstreams: false);
        var client = gateway.Client;

        // An owner's provider pointing at the gateway itself with the owner's own key (the admin allowed private
        // networks for it: an owner cannot point a provider at the gateway at all, OutboundDestinationTests).
        var body = $$$"""{"owner":"alice","provider":"custom","apiKey":"{{{StoreBackend.AliceKey}}}","supportedModels":["loop-model"],"providerConfig":{"baseUrl":"{{{gateway.Root}}}/v1","smart":"loop-model","allowPrivateNetwork":true}}""";
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, body)).Status);

        foreach (var stream in new[] { false, true })
        {
            var watch = Stopwatch.StartNew();
            var loop = client.ExchangeAsync(Http.Chat("loop-model", stream: stream, bearer: StoreBackend.AliceKey));
            using var health = await client.GetAsync("/healthz");
            var (response, text) = await loop;
            output.WriteLine($"stream={stream}: {(int)response.StatusCode} after {watch.ElapsedMilliseconds} ms");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(502, (int)response.StatusCode);
            Http.AssertOpenAIError(text);
        }

        // Each client request passed through the gateway MaxHops + 1 deep: its own pass and the looped one answered 502,
        // the third was refused with 508 (never retried: FailureKind.Refused). The outer pass may retry the looped
        // one's 502 once (same-provider retry), so at most 5 passes per client request. (The outermost pass may be
        // recorded just after the client has its answer.)
        var metrics = await MetricsText.ScrapeAsync(client);
        Assert.InRange(metrics["gateway_requests_total{route=\"/v1/chat/completions\",status=\"508\"}"], 2, 4);
        Assert.InRange(metrics.Samples.Where(s => s.Key.StartsWith("gateway_requests_total{route=\"/v1/chat/completions\"", StringComparison.Ordinal)).Sum(s => s.Value), 4, 10);
        using var after = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task HopMarker_SentUpstream_AndOwnMarkerAtTheLimit_Is508InEachSurfacesShape()
    {
        await using var gateway = await StartAsync();
        var hops = gateway.Services.GetRequiredService<HopMarker>();

        using (var chat = Http.Chat("a-smart", bearer: StoreBackend.AliceKey))
        {
            chat.Headers.Add(HopMarker.Header, "other-gateway;3");
            Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(chat)).StatusCode);
        }

        var sent = _upstreams["a"].Received.Last().Headers.First(h => h.Key.Equals(HopMarker.Header, StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal($"other-gateway;3, {hops.Instance};1", sent);

        var looped = $"{hops.Instance};{hops.MaxHops}";
        using (var chat = Http.Chat("a-smart", bearer: StoreBackend.AliceKey))
        {
            chat.Headers.Add(HopMarker.Header, looped);
            var (response, text) = await gateway.Client.ExchangeAsync(chat);
            Assert.Equal(508, (int)response.StatusCode);
            Assert.Equal("loop_detected", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        }

        using (var messages = new HttpRequestMessage(HttpMethod.Post, "/v1/messages"))
        {
            messages.Content = new StringContent("""{"model":"a-smart","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json");
            messages.Headers.Add("x-api-key", StoreBackend.AliceKey);
            messages.Headers.Add(HopMarker.Header, looped);
            var (response, text) = await gateway.Client.ExchangeAsync(messages);
            Assert.Equal(508, (int)response.StatusCode);
            using var anthropic = JsonDocument.Parse(text);
            Assert.Equal("error", anthropic.RootElement.GetProperty("type").GetString());
            Assert.Contains("Loop detected", anthropic.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using (var seed = new HttpRequestMessage(HttpMethod.Get, "/api/ai-providers"))
        {
            seed.Headers.Authorization = new("Bearer", StoreBackend.AliceKey);
            seed.Headers.Add(HopMarker.Header, looped);
            var (response, text) = await gateway.Client.ExchangeAsync(seed);
            Assert.Equal(508, (int)response.StatusCode);
            using var error = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.String, error.RootElement.GetProperty("error").ValueKind);
            Assert.Contains("Loop detected", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task OwnerMaxConcurrent_429BeyondIt_ReleasedWhenTheRequestEnds()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client;
        var (status, limits) = await client.SendAsync(HttpMethod.Put, "/admin/owners/alice/limits", StoreBackend.AdminKey, """{"maxConcurrent":1}""");
        Assert.Equal(200, status);
        Assert.Equal(1, limits.GetProperty("limits").GetProperty("maxConcurrent").GetInt64());

        var hold = new TaskCompletionSource();
        _upstreams["a"].Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });
        var first = await client.SendAsync(Http.Chat("a-smart", stream: true, bearer: StoreBackend.AliceKey), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var (second, text) = await client.ExchangeAsync(Http.Chat("a-smart", bearer: StoreBackend.AliceKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("concurrency_limit_exceeded", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        Assert.Equal("1", second.Header("Retry-After"));

        // Another owner is not held back by alice's limit.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Http.Chat("a-smart", bearer: StoreBackend.BobKey))).StatusCode);

        hold.SetResult();
        await first.Content.ReadAsStringAsync();
        first.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Http.Chat("a-smart", bearer: StoreBackend.AliceKey))).StatusCode);
    }

    [Fact]
    public async Task KeyMaxConcurrent_429BeyondIt_OtherKeysOfTheOwnerUnaffected()
    {
        await using var gateway = await StartAsync();
        var client = gateway.Client;
        var (_, limited) = await client.CreateKeyAsync("carol", ""","limits":{"maxConcurrent":1,"requestsPerMinute":1000}""");
        var (_, other) = await client.CreateKeyAsync("carol");

        var hold = new TaskCompletionSource();
        _upstreams["a"].Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });
        using var first = await client.SendAsync(Http.Chat("a-smart", stream: true, bearer: limited), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var (second, text) = await client.ExchangeAsync(Http.Chat("a-smart", bearer: limited));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("concurrency_limit_exceeded", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Http.Chat("a-smart", bearer: other))).StatusCode);

        hold.SetResult();
        await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Http.Chat("a-smart", bearer: limited))).StatusCode);
    }

    private Task<GatewayHost> StartAsync(bool withUpstreams = true) =>
        GatewayHost.StartAsync(StoreBackend.Environment(StoreBackend.Key1, [.. (withUpstreams ? _upstreams.Environment() : []).Select(e => (e.Key, e.Value!))]), _store.Settings());
}
