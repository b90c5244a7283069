using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>
/// Two gateway processes on one Redis and one PostgreSQL: an owner's budget set through the admin API on one holds
/// across both, every refusal carries Retry-After and the rate-limit headers, and the ledger (read through
/// <c>/admin/usage</c>) bills what the upstream reported.
/// </summary>
public sealed class OwnerLimitsProcessTests(PostgresFixture postgres, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task OwnerBudget_SetThroughTheAdminApi_HoldsAcrossTwoProcesses()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync("alpha");
        await using var redis = await RedisServer.StartAsync();
        var env = await ReplicaEnvironment.CreateAsync(postgres, redis);
        (env["AI_ALPHA_URL"], env["AI_ALPHA_TYPE"], env["AI_ALPHA_KEY"], env["AI_ALPHA_SMART"]) = (upstream.BaseUrl, "custom", "key-alpha", "alpha-smart");
        (env["Gateway__Prices__alpha-smart__Input"], env["Gateway__Prices__alpha-smart__Output"]) = ("100", "100");
        (env["Gateway__Accounts__DefaultMaxOutputTokens"], env["Gateway__Accounts__LedgerFlushInterval"]) = ("8", "00:00:00.2");
        await using var a = GatewayProcess.Start(env);
        await using var b = GatewayProcess.Start(env);
        await Task.WhenAll(a.WaitUntilUpAsync(), b.WaitUntilUpAsync());

        var (put, limits) = await a.Client.SendAsync(HttpMethod.Put, "/admin/owners/alice/limits", StoreBackend.AdminKey, """{"usdPerDay":0.02,"requestsPerMinute":1000}""");
        Assert.Equal(200, put);
        Assert.Equal(0.02m, limits.GetProperty("limits").GetProperty("usdPerDay").GetDecimal());
        Assert.Equal(400, (await a.Client.SendAsync(HttpMethod.Put, "/admin/owners/alice/limits", StoreBackend.AdminKey, """{"usdPerWeek":1}""")).Status);
        await Task.Delay(TimeSpan.FromSeconds(1)); // B reads owners' limits every LedgerFlushInterval

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var request = Http.Chat(bearer: StoreBackend.AliceKey);
            var (response, body) = await (i % 2 == 0 ? a : b).Client.ExchangeAsync(request);
            using (response)
            {
                return ((int)response.StatusCode, response.Headers.RetryAfter?.Delta, response.Headers.Contains("x-ratelimit-remaining-requests"), body);
            }
        }));
        var served = answers.Count(x => x.Item1 == 200);
        await Task.Delay(TimeSpan.FromSeconds(1)); // both ledgers flushed
        var (status, usage) = await a.Client.SendAsync(HttpMethod.Get, "/admin/usage?group_by=owner", StoreBackend.AdminKey);
        var alice = usage.GetProperty("usage").EnumerateArray().Single(r => r.GetProperty("owner").GetString() == "alice");
        var spent = alice.GetProperty("cost_usd").GetDecimal();
        output.WriteLine($"served {served} of 60 over two processes; ledger ${spent}, {alice.GetProperty("requests").GetInt64()} requests, upstream saw {upstream.RequestCount}");

        Assert.Equal(200, status);
        Assert.All(answers.Where(x => x.Item1 != 200), x => Assert.Equal(429, x.Item1));
        Assert.All(answers.Where(x => x.Item1 != 200), x => Assert.True(x.Delta > TimeSpan.Zero));
        Assert.All(answers, x => Assert.True(x.Item3, "x-ratelimit-remaining-requests"));
        Assert.InRange(served, 10, 25);
        Assert.Equal(served, alice.GetProperty("requests").GetInt64());
        Assert.Equal(served, upstream.RequestCount);
        Assert.Equal(served * 0.0008m, spent);
        Assert.True(spent <= 0.02m + (2 * 0.0012m), $"spent ${spent}");
    }
}
