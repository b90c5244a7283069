using System.Text;
using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Gateway.Usage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// A client that cancels a stream after 5 of 20 slow chunks (its read cancelled, so the connection is dropped: not a
/// disposal, which .NET's handler turns into up to 2 s of draining the rest) is billed the tokens that passed, in the
/// ledger, <c>GET /v1/usage</c> and its key's counters: on chat (passed through) and on Messages and Responses
/// (translated from the chat upstream: the tokens of the translated events the client saw).
/// </summary>
public sealed class CancelledStreamBillingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"stream":true}""")]
    [InlineData("/v1/messages", """{"model":"smart","max_tokens":1000,"messages":[{"role":"user","content":"Hi"}],"stream":true}""")]
    [InlineData("/v1/responses", """{"model":"smart","input":"Hi","stream":true}""")]
    public async Task Stream_CancelledByTheClientAfter5Of20Chunks_IsBilledAbout5ChunksTokens_InTheLedgerAndTheCounters(string path, string body)
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        upstreams["alpha"].Script(new FakeResponse { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(150) });
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-limits-").FullName, "data");
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key), ("AI_ADMIN_KEY", StoreBackend.AdminKey));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        var limits = new LimitSet { UsdPerDay = 1m, TokensPerDay = 1_000_000 };
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false, ("Gateway:Accounts:DefaultMaxOutputTokens", "1000")),
            services: LimitsFixture.With(limits));

        var seen = await ReadThenCancelAsync(gateway.Client, path, body, " token4");

        var counter = gateway.Services.GetRequiredService<ILimitCounter>();
        for (var i = 0; i < 50 && counter.Outstanding > 0; i++)
        {
            await Task.Delay(100);
        }

        using var mine = new HttpRequestMessage(HttpMethod.Get, "/v1/usage");
        mine.Headers.Authorization = new("Bearer", LimitsFixture.Key);
        var (response, json) = await gateway.Client.ExchangeAsync(mine);
        output.WriteLine(json);
        var usage = JsonDocument.Parse(json).RootElement;
        var today = usage.GetProperty("daily")[0];
        var (prompt, completion) = (today.GetProperty("prompt_tokens").GetInt64(), today.GetProperty("completion_tokens").GetInt64());
        var used = usage.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("limit").GetString() == "tokens_day").GetProperty("used").GetInt64();
        var line = LimitPlanner.Plan(usage.GetProperty("key_id").GetString()!, "alice", limits, null, 0, 0, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1))
            .Lines.Single(l => l.Kind == LimitKind.TokensPerDay);
        var counted = gateway.Services.GetRequiredService<MemoryLimitCounter>().Read(line.Counter);
        output.WriteLine($"{path}: client saw {seen} bytes, then cancelled; billed {prompt} prompt + {completion} completion tokens; counter {counted}; tokens of 5 chunks {Chunks(5)}, 8 {Chunks(8)}, 20 {Chunks(20)}");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, counter.Outstanding);
        Assert.Equal(1, today.GetProperty("requests").GetInt64());
        // What passed: the 5 chunks read and at most the few the gateway wrote before it saw the client go; not 20, not 0,
        // nor the estimate's 1000.
        Assert.InRange(completion, Chunks(5), Chunks(8));
        Assert.InRange(prompt, 1, 100);
        Assert.Equal(prompt + completion, used);
        Assert.Equal(prompt + completion, counted);
    }

    /// <summary>Reads the stream until <paramref name="until"/> has arrived, then cancels a pending read: the connection drops.</summary>
    private static async Task<int> ReadThenCancelAsync(HttpClient client, string path, string body, string until)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", LimitsFixture.Key);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        var buffer = new byte[16 * 1024];
        while (!text.ToString().Contains(until, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            Assert.NotEqual(0, read);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        // Whatever is already buffered is read; the read that waits for the next chunk (150 ms away) is cancelled.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancel.Token);
                Assert.NotEqual(0, read);
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        });
        return text.Length;
    }

    /// <summary>The o200k tokens of the fake upstream's first <paramref name="n"/> content chunks.</summary>
    private static long Chunks(int n) => Enumerable.Range(0, n).Sum(i => O200kTokens.Count(i == 0 ? "Hello from alpha." : $" token{i}"));
}
