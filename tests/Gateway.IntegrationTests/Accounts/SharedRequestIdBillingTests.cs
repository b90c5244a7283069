using System.Globalization;
using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Billing is bound to the request, not to the client's <c>x-request-id</c> (correlation only): concurrent requests
/// sending one id, from one key and from two keys of different owners, are each billed exactly their own usage. On main
/// before the fix tickets were found by that id: one request billed another's key, or nobody.
/// </summary>
public sealed class SharedRequestIdBillingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConcurrentRequests_OneIdTwoOwners_EachBilledItsOwnUsage()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        upstreams["alpha"].WritesAskedTokens = 1;
        upstreams["alpha"].Default = new Gateway.FakeUpstream.FakeResponse { HeadersDelay = TimeSpan.FromMilliseconds(100) };
        var env = BudgetBoundTests.Environment(upstreams, "owner:alice:key-alice,owner:bob:key-bob");
        await using var gateway = await GatewayHost.StartAsync(env, BudgetBoundTests.Settings(), services: LimitsFixture.With(new LimitSet { UsdPerDay = 100m }));

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => SendAsync(gateway, i % 2 == 0 ? "key-alice" : "key-bob", i % 2 == 0 ? 100 : 300)));
        var expected = answers.GroupBy(a => a.Key == "key-alice" ? "alice" : "bob").ToDictionary(g => g.Key, g => g.Sum(a => a.Tokens));
        var billed = await OwnersAsync(gateway);
        for (var i = 0; i < 50 && billed.Values.Sum() < expected.Values.Sum(); i++)
        {
            await Task.Delay(100); // an attempt's record may land just after its answer
            billed = await OwnersAsync(gateway);
        }

        output.WriteLine($"answered {string.Join(", ", expected)}; billed {string.Join(", ", billed)}");
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(expected["alice"], billed.GetValueOrDefault("alice"));
        Assert.Equal(expected["bob"], billed.GetValueOrDefault("bob"));
    }

    [Fact]
    public async Task ConcurrentRequests_OneIdOneKey_EachBilledItsOwnUsage()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        upstreams["alpha"].WritesAskedTokens = 1;
        upstreams["alpha"].Default = new Gateway.FakeUpstream.FakeResponse { HeadersDelay = TimeSpan.FromMilliseconds(100) };
        await using var gateway = await GatewayHost.StartAsync(BudgetBoundTests.Environment(upstreams), BudgetBoundTests.Settings(),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 100m }));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => SendAsync(gateway, LimitsFixture.Key, 10 + (i * 37))));
        var ledger = await BudgetBoundTests.LedgerAsync(gateway, requests: 20);

        output.WriteLine($"answered {answers.Sum(a => a.Tokens)} tokens; billed {ledger.Tokens} tokens in {ledger.Requests} requests");
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(answers.Sum(a => a.Tokens), ledger.Tokens);
        Assert.Equal(20, ledger.Requests);
    }

    private static async Task<(string Key, int Status, long Tokens)> SendAsync(GatewayHost gateway, string key, int maxTokens)
    {
        using var request = BudgetBoundTests.Post("/v1/chat/completions", $$"""{"model":"smart","messages":[{"role":"user","content":"Hi"}],"max_tokens":{{maxTokens}}}""", key);
        request.Headers.Add("x-request-id", "the-same-id-everywhere");
        var (response, body) = await gateway.Client.ExchangeAsync(request);
        using (response)
        {
            var tokens = (int)response.StatusCode == 200 ? JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt64() : 0;
            return (key, (int)response.StatusCode, tokens);
        }
    }

    private static async Task<Dictionary<string, long>> OwnersAsync(GatewayHost gateway)
    {
        await gateway.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await gateway.Services.GetRequiredService<ILedgerStore>().ReadAsync(today, today, null, null, CancellationToken.None);
        return rows.GroupBy(r => r.Owner).ToDictionary(g => g.Key, g => g.Sum(r => r.PromptTokens + r.CompletionTokens));
    }
}
