using System.Net;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Health;

/// <summary>
/// A primary down for 60 s and then healthy, with a request every second on the gateway's manual clock: every request
/// is served (by the fallback while the primary fails or its circuit is open), and traffic is back on the primary
/// within 30 s of its recovery, whatever the instant of recovery relative to the half-open probes (the cooldown's
/// growth is capped by Health:MaxCooldownSeconds, 20 s by default).
/// </summary>
public sealed class ProviderOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestGap = TimeSpan.FromSeconds(1);

    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    [InlineData(500)]
    [InlineData(900)]
    public async Task Outage60s_ServedThroughoutByTheFallback_BackOnThePrimaryWithin30sOfRecovery(int recoveryShiftMs)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(
            _upstreams.Environment(("AI_ROTATION", "failover"), ("AI_A_PRIORITY", "1"), ("AI_B_PRIORITY", "2")),
            time: clock);
        _upstreams["a"].Default = FakeResponse.WithStatus(500);

        var start = clock.GetUtcNow();
        while (clock.GetUtcNow() - start < TimeSpan.FromSeconds(60))
        {
            Assert.Equal("b", await ServedByAsync(gateway));
            clock.Advance(RequestGap);
        }

        clock.Advance(TimeSpan.FromMilliseconds(recoveryShiftMs));
        _upstreams["a"].Default = FakeResponse.Ok;
        var recovered = clock.GetUtcNow();
        while (await ServedByAsync(gateway) != "a")
        {
            Assert.True(clock.GetUtcNow() - recovered <= TimeSpan.FromSeconds(30), $"still on the fallback {clock.GetUtcNow() - recovered} after recovery");
            clock.Advance(RequestGap);
        }

        // Down for a minute, the primary was tried only by its probes (about one per capped cooldown), not by every request.
        Assert.InRange(_upstreams["a"].RequestCount, 1, 25);
    }

    private static async Task<string> ServedByAsync(GatewayHost gateway)
    {
        var (response, body) = await gateway.Client.ExchangeAsync(Http.Chat());
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return response.Header("x-gateway-provider");
    }
}
