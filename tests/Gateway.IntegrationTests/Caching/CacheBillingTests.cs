using System.Globalization;
using System.Text.Json;
using Gateway.Accounts;
using Gateway.Accounts.Ledger;
using Gateway.IntegrationTests.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Caching;

/// <summary>A hit costs nothing by default (ledger and budget), is in the ledger under the provider "cache", and still counts against request rates.</summary>
public sealed class CacheBillingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hits_AreFreeInTheLedgerAndTheBudget_ButCountAgainstTheRequestRate()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-cache-").FullName, "data");
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key));
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false, ("Gateway:Cache:Enabled", "true")),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 1m, RequestsPerMinute = 3 }));

        var answers = new List<(int Status, string Cache)>();
        for (var i = 0; i < 4; i++)
        {
            var (response, _) = await gateway.Client.ExchangeAsync(CacheRequests.Chat());
            answers.Add(((int)response.StatusCode, response.Header("x-gateway-cache")));
        }

        Assert.Equal([(200, "miss"), (200, "hit"), (200, "hit")], answers.Take(3));
        Assert.Equal(429, answers[3].Status); // the fourth request in the minute, a hit or not
        Assert.Equal(1, upstreams["alpha"].RequestCount);

        await gateway.Services.GetRequiredService<LedgerBook>().FlushAsync(CancellationToken.None);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await gateway.Services.GetRequiredService<ILedgerStore>().ReadAsync(today, today, null, null, CancellationToken.None);
        foreach (var row in rows)
        {
            output.WriteLine(row.ToString());
        }

        var upstream = Assert.Single(rows, r => r.Provider == "alpha");
        var cache = Assert.Single(rows, r => r.Provider == "cache");
        Assert.Equal((1L, 800L), (upstream.Requests, upstream.CostMicroUsd));
        Assert.Equal((2L, 0L, 0L, 0L), (cache.Requests, cache.PromptTokens, cache.CompletionTokens, cache.CostMicroUsd));
        Assert.Equal("alpha-smart", cache.Model);

        using var mine = new HttpRequestMessage(HttpMethod.Get, "/v1/usage");
        mine.Headers.Authorization = new("Bearer", LimitsFixture.Key);
        var (_, usage) = await gateway.Client.ExchangeAsync(mine);
        var day = JsonDocument.Parse(usage).RootElement.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("limit").GetString() == "usd_day");
        Assert.Equal(0.0008m, day.GetProperty("used").GetDecimal());
    }

    [Fact]
    public async Task HitCost_One_BillsAHitAsTheOriginalAnswer()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-cache-").FullName, "data");
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key));
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false, ("Gateway:Cache:Enabled", "true"), ("Gateway:Cache:HitCost", "1")),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 1m }));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(200, (int)(await gateway.Client.ExchangeAsync(CacheRequests.Chat())).Response.StatusCode);
        }

        var ledger = await LimitsFixture.LedgerAsync(gateway);
        Assert.Equal(1, upstreams["alpha"].RequestCount);
        Assert.Equal((2L, 0.0016m), (ledger.Requests, ledger.Usd));
    }
}
