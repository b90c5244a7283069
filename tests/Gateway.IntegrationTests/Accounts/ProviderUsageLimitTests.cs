using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.ProviderUsage;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// A managed provider's <c>usageLimit</c> (tokens per UTC calendar month) over real sockets, on SQLite and PostgreSQL:
/// used up, it leaves routing (429 <c>usage_limit_exceeded</c> when alone, another provider serving otherwise), the
/// API's <c>currentUsage</c> is what the upstream reported, and a new month starts it at zero (a manual clock).
/// </summary>
public sealed class ProviderUsageLimitTests(PostgresFixture postgres, ITestOutputHelper output) : AlphaBetaTests, IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task UsageLimit_UsedUp_LeavesRouting_429WhenAlone_OtherProviderTakesOver_NewMonthResets(string kind)
    {
        var clock = new ManualClock();
        clock.Advance(new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero) - clock.GetUtcNow());
        await using var store = await StoreBackend.CreateAsync(kind, postgres);
        await using var gateway = await store.StartAsync(time: clock);
        var client = gateway.Client;
        var (_, created) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey,
            StoreBackend.OpenAIProvider(Alpha).Replace("\"usageLimit\":5000", "\"usageLimit\":20", StringComparison.Ordinal));
        var id = created.GetProperty("id").GetString()!;
        var name = (await client.SendAsync(HttpMethod.Get, $"/api/ai-providers/{id}", StoreBackend.AliceKey)).Body.GetProperty("provider").GetProperty("name").GetString()!;

        // Alone: served until its usage reaches 20 tokens, then refused with the month's end as Retry-After (1 h away).
        var (used, served) = (0L, 0);
        Answer answer;
        while ((answer = await ChatAsync(client)).Status == 200 && served < 10)
        {
            (used, served) = (used + answer.Tokens, served + 1);
        }

        output.WriteLine($"served {served} ({used} tokens), then {answer.Status}: {answer.Body}");
        Assert.Equal(429, answer.Status);
        Assert.Equal(used, Alpha.RequestCount * 8L); // FakeUpstream reports 5 + 3 tokens per answer
        Assert.Equal(3, served);
        Assert.Equal(3600, answer.RetryAfter);
        Assert.Equal("usage_limit_exceeded", JsonDocument.Parse(answer.Body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(429, (await ChatAsync(client, pinned: name)).Status);
        var (messages, messagesBody) = await client.ExchangeAsync(Surfaces.SurfaceHttp.Post("/v1/messages",
            """{"model":"smart","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", bearer: StoreBackend.AliceKey));
        Assert.Equal(429, (int)messages.StatusCode);
        Assert.Equal(3600, messages.Headers.RetryAfter?.Delta?.TotalSeconds);
        Assert.Equal("rate_limit_error", JsonDocument.Parse(messagesBody).RootElement.GetProperty("error").GetProperty("type").GetString()); // Anthropic's shape
        Assert.Equal(3, Alpha.RequestCount);
        var listed = await ListedAsync(client);
        Assert.Equal(used, listed.GetProperty("currentUsage").GetInt64());
        Assert.Equal(0, listed.GetProperty("usageRemaining").GetInt64());
        Assert.Equal("usage_limit_reached", listed.GetProperty("status").GetString());

        // A global provider appears: the owner's requests go to it, the used-up one is not tried.
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/admin/providers", StoreBackend.AdminKey, StoreBackend.OpenAIProvider(Beta))).Status);
        answer = await ChatAsync(client);
        Assert.Equal(200, answer.Status);
        Assert.StartsWith("openai-", answer.Provider, StringComparison.Ordinal);
        Assert.NotEqual(name, answer.Provider);
        Assert.Equal((3, 1), (Alpha.RequestCount, Beta.RequestCount));

        // A new month (UTC): usage starts at zero and the provider serves again.
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < 100 && (await ListedAsync(client)).GetProperty("currentUsage").GetInt64() != 0; i++)
        {
            await Task.Delay(50); // the refresh runs on the thread pool after the clock's tick
        }

        listed = await ListedAsync(client);
        Assert.Equal(0, listed.GetProperty("currentUsage").GetInt64());
        Assert.Equal(20, listed.GetProperty("usageRemaining").GetInt64());
        answer = await ChatAsync(client);
        Assert.Equal((200, name), (answer.Status, answer.Provider));
        Assert.Equal(8, (await ListedAsync(client)).GetProperty("currentUsage").GetInt64());
    }

    [Fact]
    public async Task UsageLimit_LoweredThroughTheApi_AppliesToTheNextRequest_WithTheSeedsFieldsLive()
    {
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        await using var gateway = await store.StartAsync();
        var client = gateway.Client;
        var (_, created) = await client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey, StoreBackend.OpenAIProvider(Alpha));
        var id = created.GetProperty("id").GetString()!;
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (await ChatAsync(client)).Status);
        }

        var listed = await ListedAsync(client);
        Assert.Equal((16L, 4984L), (listed.GetProperty("currentUsage").GetInt64(), listed.GetProperty("usageRemaining").GetInt64()));

        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"usageLimit":16}""")).Status);
        var refused = await ChatAsync(client);
        Assert.Equal(429, refused.Status);

        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, $"/api/ai-providers/{id}", StoreBackend.AliceKey, """{"usageLimit":null}""")).Status);
        Assert.Equal(200, (await ChatAsync(client)).Status);
        listed = await ListedAsync(client);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("usageRemaining").ValueKind);
        Assert.Equal(24, listed.GetProperty("currentUsage").GetInt64());
    }

    [Fact]
    public async Task UsageLimit_UsedUpBeforeARestart_StillUsedUpAfterIt_FromTheLedger()
    {
        var clock = new ManualClock();
        clock.Advance(TimeSpan.FromDays(10));
        await using var store = await StoreBackend.CreateAsync("sqlite", postgres);
        long used = 0;
        await using (var first = await store.StartAsync(time: clock))
        {
            await first.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey,
                StoreBackend.OpenAIProvider(Alpha).Replace("\"usageLimit\":5000", "\"usageLimit\":10", StringComparison.Ordinal));
            for (var i = 0; i < 2; i++)
            {
                used += (await ChatAsync(first.Client)).Tokens;
            }

            Assert.Equal(429, (await ChatAsync(first.Client)).Status);
        }

        // The ledger's batch was written at shutdown; the new process reads the month's usage from it at start-up.
        await using var second = await store.StartAsync(time: clock);
        for (var i = 0; i < 100 && (await ListedAsync(second.Client)).GetProperty("currentUsage").GetInt64() != used; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(16, used);
        Assert.Equal(used, (await ListedAsync(second.Client)).GetProperty("currentUsage").GetInt64());
        Assert.Equal(429, (await ChatAsync(second.Client)).Status);
        Assert.Equal(2, Alpha.RequestCount);
    }

    [Fact]
    public async Task UsageLimit_UsedUpOnOneReplica_SeenByTheOtherAfterTheFlushAndItsRefresh()
    {
        await using var store = await StoreBackend.CreateAsync("postgresql", postgres);
        await using var a = await store.StartAsync();
        await using var b = await store.StartAsync();
        await a.Client.SendAsync(HttpMethod.Post, "/api/ai-providers", StoreBackend.AliceKey,
            StoreBackend.OpenAIProvider(Alpha).Replace("\"usageLimit\":5000", "\"usageLimit\":16", StringComparison.Ordinal));
        var routing = b.Services.GetRequiredService<Gateway.Routing.RoutingTableSource>();
        for (var i = 0; i < 100 && !routing.Current.Catalog.Enabled.Any(p => p.Options.Owner is not null); i++)
        {
            await Task.Delay(50); // b reads the new provider at its store poll, then swaps its routing table
        }

        Assert.Equal((200, 200, 429), ((await ChatAsync(a.Client)).Status, (await ChatAsync(a.Client)).Status, (await ChatAsync(a.Client)).Status));

        // What a ledger flush (every LedgerFlushInterval) and b's next refresh do on their own clocks, done now.
        await a.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        await b.Services.GetRequiredService<ProviderUsageMeter>().RefreshAsync(b.Services.GetRequiredService<LedgerBook>(), CancellationToken.None);

        Assert.Equal(16, (await ListedAsync(b.Client)).GetProperty("currentUsage").GetInt64());
        Assert.Equal(429, (await ChatAsync(b.Client)).Status);
        Assert.Equal(2, Alpha.RequestCount);
    }

    private static async Task<JsonElement> ListedAsync(HttpClient client) =>
        Assert.Single((await client.SendAsync(HttpMethod.Get, "/api/ai-providers", StoreBackend.AliceKey)).Body.GetProperty("providers").EnumerateArray());

    private static async Task<Answer> ChatAsync(HttpClient client, string? pinned = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"smart","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StoreBackend.AliceKey);
        if (pinned is not null)
        {
            request.Headers.Add("X-Gateway-Provider", pinned);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var tokens = 0L;
        if ((int)response.StatusCode == 200)
        {
            var usage = JsonDocument.Parse(body).RootElement.GetProperty("usage");
            tokens = usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64();
        }

        return new Answer((int)response.StatusCode, response.Headers.TryGetValues("x-gateway-provider", out var v) ? string.Join(",", v) : "",
            (long?)response.Headers.RetryAfter?.Delta?.TotalSeconds, tokens, body);
    }

    private sealed record Answer(int Status, string Provider, long? RetryAfter, long Tokens, string Body);
}
