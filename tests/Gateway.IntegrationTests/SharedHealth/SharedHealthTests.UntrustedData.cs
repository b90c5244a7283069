using System.Diagnostics;
using System.Globalization;
using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.Health.Redis;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>Whoever can write to Redis or publish on the channel must not be able to grow, freeze or forge a replica's state or logs.</summary>
public sealed partial class SharedHealthTests
{
    private const long Year9999Ms = 253_402_300_799_000;

    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private string HealthKey(string provider) => RedisKeys.Health(_prefix, provider);

    private string ProbeKey(string provider) => RedisKeys.Probe(_prefix, provider);

    /// <summary>Runs <paramref name="action"/> on a connection of its own, as another Redis client would.</summary>
    private async Task WithRedisAsync(Func<IDatabase, Task> action)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        await action(redis.GetDatabase());
    }

    private Task PublishAsync(params string[] messages) =>
        WithRedisAsync(async db =>
        {
            foreach (var message in messages)
            {
                await db.PublishAsync(RedisChannel.Literal(_prefix + "circuit"), message);
            }
        });

    [Fact]
    public async Task CircuitMessagesAboutUnknownProviders_CreateNoState_AndAreLoggedBounded()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);
        var now = NowMs;

        await PublishAsync([.. Enumerable.Range(0, 500).Select(i => $"x|ghost{i}|open|{now + 60_000}|60000|{now}"), $"x|a|open|{now + 60_000}|60000|{now}"]);

        // Messages arrive in order: once "a" is open, every ghost has been handled.
        await WaitForAsync(() => HealthOf(replica, "a").Circuit == CircuitState.Open);
        Assert.Equal(["a", "b"], replica.Services.GetRequiredService<IHealthStore>().Snapshot().Select(s => s.Provider));
        Assert.DoesNotContain("ghost", (await MetricsText.ScrapeAsync(replica.Client)).Text, StringComparison.Ordinal);
        Assert.Equal(500, replica.Services.GetRequiredService<RedisHealthStore>().UnknownProviderMessages);
        Assert.Equal(3, replica.Logs.Lines.Count(l => l.Contains("ghost", StringComparison.Ordinal))); // the 1st, 10th and 100th
    }

    [Fact]
    public async Task PublishedOpeningUntilYear9999_IsClampedToMaxCooldown()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);
        var now = NowMs;

        await PublishAsync($"x|a|open|{Year9999Ms}|1000000000000|{now}", $"x|b|open|{Year9999Ms}|1000000000000|{now}");

        await WaitForAsync(() => HealthOf(replica, "b").Circuit == CircuitState.Open);
        var (response, _) = await replica.Client.ExchangeAsync(Http.Chat());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(int.Parse(response.Header("Retry-After"), CultureInfo.InvariantCulture), 1, 20); // Health:MaxCooldown, 20 s by default
        Assert.InRange(HealthOf(replica, "a").OpenUntil!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task StoredOpeningUntilYear9999_IsClampedWhenReadBack()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);

        await WithRedisAsync(db => db.HashSetAsync(HealthKey("a"), [new("cs", "open"), new("cu", Year9999Ms), new("cd", 1_000_000_000_000), new("cc", NowMs)]));

        await WaitForAsync(() => HealthOf(replica, "a").Circuit == CircuitState.Open);
        Assert.InRange(HealthOf(replica, "a").OpenUntil!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task StoredTransitionTimeFarInTheFuture_DoesNotFreezeTheCircuit()
    {
        await WithRedisAsync(db => db.HashSetAsync(HealthKey("a"), [new("cs", "closed"), new("cu", 0), new("cd", 500), new("cc", Year9999Ms)]));
        var (replicaA, replicaB) = await StartSharingPairAsync();
        await using var disposeA = replicaA;
        await using var disposeB = replicaB;

        await OpenCircuitOfAAsync(replicaA);

        await WaitForAsync(() => HealthOf(replicaB, "a").Circuit == CircuitState.Open, seconds: 2);
        Assert.Equal(CircuitState.Open, HealthOf(replicaA, "a").Circuit);
    }

    [Fact]
    public async Task ReplicaNameWithLineBreaks_IsLoggedOnOneShortLine()
    {
        await using var replica = await StartReplicaAsync();
        await WaitUntilSharingAsync(replica);
        var now = NowMs;

        await PublishAsync($"evil\r\nInformation Forged[0] admin logged in{new string('x', 5000)}|a|open|{now + 60_000}|60000|{now}");

        await WaitForAsync(() => HealthOf(replica, "a").Circuit == CircuitState.Open);
        // The circuit is adopted first and the message logged after it: wait for the line too.
        await WaitForAsync(() => replica.Logs.Lines.Any(l => l.Contains("as replica", StringComparison.Ordinal)));
        var line = Assert.Single(replica.Logs.Lines, l => l.Contains("as replica", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Contains("evil", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 100), line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)] // no TTL at all
    [InlineData(3600)] // far longer than the ProbeLockTtl of 1 s
    public async Task StaleProbeLock_IsTakenOver_AndTheProviderRecovers(int ttlSeconds)
    {
        await using var replica = await StartReplicaAsync(null, "0.5", [("Gateway:Redis:ProbeLockTtlSeconds", "1")]);
        await WaitUntilSharingAsync(replica);
        await WithRedisAsync(db => ttlSeconds < 0 ? db.StringSetAsync(ProbeKey("a"), "a-replica-long-gone") : db.StringSetAsync(ProbeKey("a"), "a-replica-long-gone", TimeSpan.FromSeconds(ttlSeconds)));
        await OpenCircuitOfAAsync(replica);
        _upstreams["a"].Default = FakeResponse.Ok;

        var clock = Stopwatch.StartNew();
        while (HealthOf(replica, "a").Circuit != CircuitState.Closed && clock.Elapsed < TimeSpan.FromSeconds(6))
        {
            await replica.Client.ExchangeAsync(Http.Chat());
            await Task.Delay(50);
        }

        Assert.Equal(CircuitState.Closed, HealthOf(replica, "a").Circuit);
    }
}
