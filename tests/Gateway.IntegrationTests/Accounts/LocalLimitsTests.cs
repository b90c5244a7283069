using Gateway.Accounts;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Store;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>One gateway without Redis, its ledger in SQLite: budgets survive a restart; a failover is billed once (a cancelled stream: <see cref="CancelledStreamBillingTests"/>).</summary>
public sealed class LocalLimitsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Budget_SpentBeforeARestart_StillCountsAfterIt()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-limits-").FullName, "data");
        var env = Environment(upstreams);
        var limits = new LimitSet { UsdPerDay = 0.012m };
        await using (var first = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false), services: LimitsFixture.With(limits)))
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(200, (await LimitsFixture.SendAsync(1, first))[0].Status);
            }
        }

        // $0.008 spent and written at shutdown: $0.004 left, five requests at $0.0008 (one at a time).
        await using var second = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false), services: LimitsFixture.With(limits));
        var served = 0;
        for (var i = 0; i < 10; i++)
        {
            served += (await LimitsFixture.SendAsync(1, second))[0].Status == 200 ? 1 : 0;
        }

        var ledger = await LimitsFixture.LedgerAsync(second);
        output.WriteLine($"after the restart: served {served} of 10; ledger ${ledger.Usd}");
        Assert.InRange(served, 3, 5);
        Assert.InRange(ledger.Usd, 0.0105m, 0.012m);
    }

    [Fact]
    public async Task Failover_AfterAFailedAttempt_IsBilledOnce()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha", "beta");
        upstreams["alpha"].Script(FakeResponse.WithStatus(503));
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-limits-").FullName, "data");
        var env = Environment(upstreams);
        (env["AI_ROTATION"], env["AI_ALPHA_PRIORITY"], env["AI_BETA_PRIORITY"]) = ("failover", "1", "2");
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false), services: LimitsFixture.With(new LimitSet { UsdPerDay = 1m }));

        var answer = (await LimitsFixture.SendAsync(1, gateway))[0];
        var ledger = await LimitsFixture.LedgerAsync(gateway);
        output.WriteLine($"attempts: alpha {upstreams["alpha"].RequestCount}, beta {upstreams["beta"].RequestCount}; ledger {ledger.Tokens} tokens, ${ledger.Usd}, {ledger.Requests} requests");
        Assert.Equal(200, answer.Status);
        Assert.Equal((1, 1), (upstreams["alpha"].RequestCount, upstreams["beta"].RequestCount));
        Assert.Equal(answer.Tokens, ledger.Tokens);
        Assert.Equal(1, ledger.Requests);
        Assert.Equal(0.0008m, ledger.Usd);
    }

    [Fact]
    public async Task UsageViews_KeyHolderAndAdmin_ReadTheLedger()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-limits-").FullName, "data");
        await using var gateway = await GatewayHost.StartAsync(Environment(upstreams), LimitsFixture.Settings(directory, postgres: false),
            services: LimitsFixture.With(new LimitSet { UsdPerDay = 0.05m, TokensPerMonth = 1000 }));
        await LimitsFixture.SendAsync(3, gateway);

        using var mine = new HttpRequestMessage(HttpMethod.Get, "/v1/usage");
        mine.Headers.Authorization = new("Bearer", LimitsFixture.Key);
        var (response, body) = await gateway.Client.ExchangeAsync(mine);
        output.WriteLine(body);
        Assert.Equal(200, (int)response.StatusCode);
        var usage = System.Text.Json.JsonDocument.Parse(body).RootElement;
        var day = usage.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("limit").GetString() == "usd_day");
        Assert.Equal(0.0024m, day.GetProperty("used").GetDecimal());
        Assert.Equal(0.0476m, day.GetProperty("remaining").GetDecimal());
        var month = usage.GetProperty("periods").EnumerateArray().Single(p => p.GetProperty("limit").GetString() == "tokens_month");
        Assert.Equal(24, month.GetProperty("used").GetInt64());
        Assert.Equal(3, usage.GetProperty("daily")[0].GetProperty("requests").GetInt64());

        var (grouped, groupedBody) = await gateway.Client.ExchangeAsync(Admin("/admin/usage?group_by=owner,model"));
        output.WriteLine(groupedBody);
        Assert.Equal(200, (int)grouped.StatusCode);
        var row = System.Text.Json.JsonDocument.Parse(groupedBody).RootElement.GetProperty("usage").EnumerateArray().Single();
        Assert.Equal(("alice", "alpha-smart", 3L), (row.GetProperty("owner").GetString(), row.GetProperty("model").GetString(), row.GetProperty("requests").GetInt64()));

        Assert.Equal(400, (int)(await gateway.Client.ExchangeAsync(Admin("/admin/usage?group_by=colour"))).Response.StatusCode);
        Assert.Equal(400, (int)(await gateway.Client.ExchangeAsync(Admin("/admin/usage?from=yesterday"))).Response.StatusCode);
        var (_, plain) = await gateway.Client.ExchangeAsync(Admin("/admin/usage"));
        Assert.Contains("\"responses\":3", plain, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Admin(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", StoreBackend.AdminKey);
        return request;
    }

    private static Dictionary<string, string?> Environment(Upstreams upstreams)
    {
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key), ("AI_ADMIN_KEY", StoreBackend.AdminKey));
        env["GATEWAY_ENCRYPTION_KEY"] = StoreBackend.Key1;
        return env;
    }
}
