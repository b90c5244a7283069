using System.Net;
using Gateway.Accounts;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Surfaces;

namespace Gateway.IntegrationTests.Accounts;

/// <summary>The Gemini surface under a key's limits: admitted and billed like chat (usage from usageMetadata), refused with Google's 429.</summary>
public sealed class GeminiLimitsTests
{
    [Fact]
    public async Task RequestLimit_RefusesTheThirdWithResourceExhausted_AndTheLedgerHasTheServedTwo()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var directory = Path.Combine(Directory.CreateTempSubdirectory("gateway-gemini-limits-").FullName, "data");
        var env = upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:" + LimitsFixture.Key));
        // The clock stands still: the three requests fall in one minute's window however slow the machine is.
        await using var gateway = await GatewayHost.StartAsync(env, LimitsFixture.Settings(directory, postgres: false),
            time: new ManualClock(DateTimeOffset.UtcNow), services: LimitsFixture.With(new LimitSet { RequestsPerMinute = 2 }));

        var (first, _) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", googKey: LimitsFixture.Key));
        var (second, _) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "streamGenerateContent", googKey: LimitsFixture.Key, query: "?alt=sse"));
        var (third, thirdBody) = await gateway.Client.ExchangeAsync(GeminiHttp.Post("smart", "generateContent", googKey: LimitsFixture.Key));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode, third.StatusCode));
        GeminiHttp.AssertError(thirdBody, 429, "RESOURCE_EXHAUSTED");
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(2, upstreams["alpha"].RequestCount);
        var ledger = await LimitsFixture.LedgerAsync(gateway);
        Assert.Equal(2, ledger.Requests);
        Assert.True(ledger.Tokens >= 2 * 5, $"ledger tokens {ledger.Tokens}");
    }
}
