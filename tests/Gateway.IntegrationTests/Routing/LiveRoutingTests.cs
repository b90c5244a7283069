using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Routing;

/// <summary>Providers added and removed at run time through a provider source, under traffic.</summary>
public sealed class LiveRoutingTests : IAsyncLifetime
{
    private readonly TestProviderSource _source = new();
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b", "c", "d", "e");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    /// <summary>Provider "a" from AI_* variables; the others only through the test source.</summary>
    private Task<GatewayHost> StartAsync()
    {
        var env = _upstreams.Environment().Where(p => p.Key.StartsWith("AI_A_", StringComparison.Ordinal)).ToDictionary();
        return GatewayHost.StartAsync(env, services: s => s.AddSingleton<IProviderSource>(_source));
    }

    private sealed record Sent(long StartedAt, int Status, string Provider);

    [Fact]
    public async Task SwapUnderLoad_NoRequestFails_AndNoneReachesAProviderAfterItsRemoval()
    {
        _source.Add(_upstreams["b"]);
        _source.Add(_upstreams["c"]);
        await using var gateway = await StartAsync();
        await gateway.WaitForTableAsync(t => t.Catalog.Enabled.Count == 3);

        var sent = new ConcurrentQueue<Sent>();
        var removedAt = new ConcurrentDictionary<string, long>();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        var next = 0;
        async Task ClientAsync()
        {
            while (Interlocked.Increment(ref next) <= 400 && Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart"));
                sent.Enqueue(new Sent(started, (int)response.StatusCode, response.Header("x-gateway-provider")));
            }
        }

        async Task ChangeAsync()
        {
            // One change every 50 answered requests: b out, d in, c out, e in, d out. "a" stays throughout.
            (string Name, bool Add)[] steps = [("b", false), ("d", true), ("c", false), ("e", true), ("d", false)];
            for (var i = 0; i < steps.Length; i++)
            {
                while (sent.Count < (i + 1) * 50 && Stopwatch.GetTimestamp() < deadline)
                {
                    await Task.Delay(5);
                }

                var (name, add) = steps[i];
                if (add)
                {
                    _source.Add(_upstreams[name]);
                    await gateway.WaitForTableAsync(t => t.Catalog.Find(name) is not null);
                }
                else
                {
                    _source.Remove(name);
                    await gateway.WaitForTableAsync(t => t.Catalog.Find(name) is null);
                    removedAt[name] = Stopwatch.GetTimestamp();
                }
            }
        }

        await Task.WhenAll(ClientAsync(), ClientAsync(), ClientAsync(), ClientAsync(), ChangeAsync());

        Assert.True(sent.Count >= 300, $"only {sent.Count} requests in 20 s");
        Assert.All(sent, s => Assert.Equal(200, s.Status));
        Assert.Equal(["b", "c", "d"], removedAt.Keys.Order());
        foreach (var (name, at) in removedAt)
        {
            var late = sent.Where(s => s.StartedAt > at && s.Provider == name).ToList();
            Assert.True(late.Count == 0, $"{late.Count} request(s) started after '{name}' was removed went to it");
        }

        Assert.Contains(sent, s => s.Provider == "b"); // served before its removal
        Assert.Contains(sent, s => s.Provider == "e"); // added mid-run, served at once
        Assert.Equal(sent.Count, new[] { "a", "b", "c", "d", "e" }.Sum(n => _upstreams[n].RequestCount));
    }

    [Fact]
    public async Task ProviderRemoved_StreamInFlight_Finishes()
    {
        var hold = new TaskCompletionSource();
        _upstreams["b"].Default = new FakeResponse { HoldAfterFirstChunk = hold, Chunks = 3 };
        _source.Add(_upstreams["b"]);
        await using var gateway = await StartAsync();

        using var response = await gateway.Client.SendAsync(Http.Chat("smart", stream: true, provider: "b"), HttpCompletionOption.ResponseHeadersRead);
        var body = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Contains("Hello from b.", await ReadUntilAsync(body, "Hello from b."), StringComparison.Ordinal);

        _source.Remove("b");
        await gateway.WaitForTableAsync(t => t.Catalog.Find("b") is null);
        hold.SetResult();
        var rest = await body.ReadToEndAsync();

        Assert.Contains("data: [DONE]", rest, StringComparison.Ordinal);
        var (after, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart", provider: "b"));
        Assert.Equal(404, (int)after.StatusCode);
    }

    [Fact]
    public async Task RoundRobin_SwapThatKeepsTheSet_KeepsTheRotation()
    {
        _source.Add(_upstreams["b"]);
        _source.Add(_upstreams["c"]);
        await using var gateway = await StartAsync();
        var providers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            if (i == 4)
            {
                // "d" serves only its own model: tier:smart keeps members a, b, c.
                var version = gateway.Current().Version;
                _source.Add(_upstreams["d"], models: ["d-only"], smart: null);
                await gateway.WaitForTableAsync(t => t.Version > version && t.Catalog.Find("d") is not null);
            }

            var (response, _) = await gateway.Client.ExchangeAsync(Http.Chat("smart"));
            providers.Add(response.Header("x-gateway-provider"));
        }

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a", "b"], providers);
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string text)
    {
        var read = "";
        while (!read.Contains(text, StringComparison.Ordinal) && await reader.ReadLineAsync() is { } line)
        {
            read += line + "\n";
        }

        return read;
    }
}
