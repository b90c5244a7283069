using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Limits;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// <c>onShortfall: "clamp"</c>: a key with $0.01 left asking for 32,000 tokens is served with <c>max_tokens</c> lowered
/// to what $0.01 covers, says so in <c>x-gateway-max-tokens-clamped</c>, and its bill fits the budget; once not even
/// the least output fits, it is refused. Without the setting, the same request is refused at once.
/// </summary>
public sealed class BudgetClampTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"Write a long essay."}],"max_tokens":32000}""")]
    [InlineData("/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"Write a long essay."}],"max_completion_tokens":32000,"stream":true}""")]
    [InlineData("/v1/messages", """{"model":"smart","messages":[{"role":"user","content":"Write a long essay."}],"max_tokens":32000}""")]
    [InlineData("/v1/responses", """{"model":"smart","input":"Write a long essay."}""")]
    public async Task KeyWithOneCentLeft_AskingFor32000Tokens_IsServedClampedWithinTheBudget(string path, string body)
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        upstreams["alpha"].WritesAskedTokens = 50_000;
        await using var gateway = await BudgetBoundTests.StartAsync(upstreams, new LimitSet { UsdPerDay = 0.01m, OnShortfall = Shortfall.Clamp },
            ("Gateway:Prices:alpha-smart:Input", "2"), ("Gateway:Prices:alpha-smart:Output", "8"));

        using var first = BudgetBoundTests.Post(path, body);
        var (response, text) = await gateway.Client.ExchangeAsync(first);
        var clamped = response.Header(Admission.ClampedHeader);
        var sent = JsonDocument.Parse(upstreams["alpha"].Received.Single().Body).RootElement;
        var asked = sent.TryGetProperty("max_completion_tokens", out var completion) ? completion.GetInt64() : sent.GetProperty("max_tokens").GetInt64();
        using var second = BudgetBoundTests.Post(path, body);
        var (refused, refusal) = await gateway.Client.ExchangeAsync(second);
        var ledger = await BudgetBoundTests.LedgerAsync(gateway, requests: 1);

        output.WriteLine($"{path}: {(int)response.StatusCode}, clamped to {clamped}, upstream asked for {asked}; then {(int)refused.StatusCode}; ledger ${ledger.Usd} ({ledger.Tokens} tokens) against $0.01");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(long.TryParse(clamped, out var max), text);
        Assert.InRange(max, 1000, 1250); // $0.01 at $8 per million output tokens, less the prompt
        Assert.Equal(max, asked);
        Assert.InRange(ledger.Usd, 0.009m, 0.01m);
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Contains(path == "/v1/messages" ? "rate_limit_error" : "usage_limit_exceeded", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyWithoutClamp_RefusesWhatItCannotCover()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        upstreams["alpha"].WritesAskedTokens = 50_000;
        await using var gateway = await BudgetBoundTests.StartAsync(upstreams, new LimitSet { UsdPerDay = 0.01m },
            ("Gateway:Prices:alpha-smart:Input", "2"), ("Gateway:Prices:alpha-smart:Output", "8"));

        using var request = BudgetBoundTests.Post("/v1/chat/completions", """{"model":"smart","messages":[{"role":"user","content":"Hi"}],"max_tokens":32000}""");
        var (response, text) = await gateway.Client.ExchangeAsync(request);

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Contains("usage_limit_exceeded", text, StringComparison.Ordinal);
        Assert.Equal(0, upstreams["alpha"].RequestCount);
    }
}
