using System.Net;
using Gateway.FakeUpstream;
using Gateway.Health;
using Gateway.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.SharedHealth;

/// <summary>What the single-server and the cluster shared-health tests both do to two replicas in front of fakes "a" and "b".</summary>
internal static class SharingReplicas
{
    public static IHealthStore Store(GatewayHost gateway) => gateway.Services.GetRequiredService<IHealthStore>();

    public static ProviderHealthSnapshot HealthOf(GatewayHost gateway, string provider) => Store(gateway).Snapshot().Single(s => s.Provider == provider);

    /// <summary>Polls <paramref name="condition"/> every 10 ms for at most <paramref name="seconds"/>; returns how long it took.</summary>
    public static Task<TimeSpan> WaitForAsync(Func<bool> condition, double seconds) => Eventually.TrueAsync(condition, TimeSpan.FromSeconds(seconds));

    /// <summary>Makes provider "a" fail and sends the three requests that open its circuit on <paramref name="replica"/>; all are still served (by "b").</summary>
    public static async Task OpenCircuitOfAAsync(Upstreams upstreams, GatewayHost replica)
    {
        upstreams["a"].Default = FakeResponse.WithStatus(500);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await replica.Client.ExchangeAsync(Http.Chat())).Response.StatusCode);
        }
    }

    /// <summary>
    /// With "a" open on both replicas, makes it hang (a probe stays in flight, headers timeout 10 s), waits for
    /// half-open on both, sends 20 requests to each replica, and returns how many of them reached "a": the probes.
    /// </summary>
    public static async Task<int> ProbesWhileHalfOpenAsync(Upstreams upstreams, GatewayHost replicaA, GatewayHost replicaB, double seconds)
    {
        upstreams["a"].Default = new FakeResponse { HeadersDelay = TimeSpan.FromSeconds(8) };
        await WaitForAsync(() => HealthOf(replicaA, "a").Circuit == CircuitState.HalfOpen && HealthOf(replicaB, "a").Circuit == CircuitState.HalfOpen, seconds);
        var before = upstreams["a"].RequestCount;
        var traffic = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            traffic.Add(replicaA.Client.ExchangeAsync(Http.Chat()));
            traffic.Add(replicaB.Client.ExchangeAsync(Http.Chat()));
            await Task.Delay(50);
        }

        return upstreams["a"].RequestCount - before;
    }
}
