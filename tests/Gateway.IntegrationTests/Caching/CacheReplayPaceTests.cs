using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Caching;

/// <summary>A replayed stream keeps its recorded gaps times <c>ReplayPace</c>, on the gateway's clock (a manual one here: no sleeps).</summary>
public sealed class CacheReplayPaceTests
{
    [Fact]
    public async Task Stream_ReplayedAtHalfPace_WaitsHalfTheRecordedGapOnTheClock()
    {
        await using var upstreams = await Upstreams.StartAsync("alpha");
        var clock = new ManualClock();
        await using var gateway = await GatewayHost.StartAsync(upstreams.Environment(("AI_CLIENT_KEYS", "owner:alice:client-secret")),
            new Dictionary<string, string?> { ["Gateway:Cache:Enabled"] = "true", ["Gateway:Cache:ReplayPace"] = "0.5" }, time: clock);
        var hold = new TaskCompletionSource();
        upstreams["alpha"].Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });

        // The miss: 2.2 s (on the gateway's clock) between the first content chunk and the rest.
        using var miss = await gateway.Client.SendAsync(CacheRequests.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        await using var missStream = await miss.Content.ReadAsStreamAsync();
        var first = await ReadUntilAsync(missStream, "\"content\"");
        clock.Advance(TimeSpan.FromMilliseconds(2200));
        hold.SetResult();
        var original = first + await new StreamReader(missStream).ReadToEndAsync();

        // The hit: everything before the gap at once, then a wait of 1.1 s on the clock, then the rest.
        using var hit = await gateway.Client.SendAsync(CacheRequests.Chat(stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("hit", hit.Header("x-gateway-cache"));
        var replay = hit.Content.ReadAsStringAsync();
        for (var i = 0; i < 1000 && !clock.HasTimerDueIn(TimeSpan.FromMilliseconds(1100)); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(clock.HasTimerDueIn(TimeSpan.FromMilliseconds(1100)), "the replay waits half the recorded 2.2 s gap");
        Assert.False(replay.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1100));
        Assert.Equal(original, await replay);
        Assert.Equal(1, upstreams["alpha"].RequestCount);
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string marker)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, "the stream ended before " + marker);
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
