using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.Queueing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The wait queue (<c>Gateway:Queue</c>) over real sockets: a request whose every candidate is at its bulkhead cap or
/// rate limited waits for a release or the rate limit's end (on the manual clock, no sleeps), keys take turns, and a
/// request that cannot be served within the queue's time is refused 429 with Retry-After.
/// </summary>
public sealed class QueueingTests : IAsyncLifetime
{
    private Upstreams _upstreams = null!;

    public async Task InitializeAsync() => _upstreams = await Upstreams.StartAsync("a", "b");

    public async Task DisposeAsync() => await _upstreams.DisposeAsync();

    private Task<GatewayHost> StartAsync(int maxWait, TimeProvider? time = null, int maxLength = 256, params (string Key, string Value)[] extra) =>
        GatewayHost.StartAsync(
            _upstreams.Environment([("AI_B_ENABLED", "false"), .. extra]),
            settings: new Dictionary<string, string?>
            {
                ["Gateway:Queue:MaxWaitSeconds"] = maxWait.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway:Queue:MaxLength"] = maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Gateway:ClientKeys"] = "key-one,key-two",
                ["Gateway:Retry:SameProvider"] = "0", // the queue alone waits out a rate limit here
                // A burst's 429s are consecutive failures: with the default 5 a provider's circuit could open mid-test
                // (depending on which provider each burst request met) and leave it out of the next plan.
                ["Gateway:Health:FailureThreshold"] = "50",
            },
            time: time);

    private static HttpRequestMessage Chat(string text, string key = "key-one", bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"smart","messages":[{"role":"user","content":"{{text}}"}],"stream":{{(stream ? "true" : "false")}}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests wait in the gateway's queue.</summary>
    private static async Task WaitingAsync(GatewayHost gateway, int count)
    {
        var queue = gateway.Services.GetRequiredService<RequestQueue>();
        for (var i = 0; i < 500 && queue.Count != count; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(count, queue.Count);
    }

    /// <summary>
    /// Waits (bounded) until <paramref name="count"/> timers are set, due at one of <paramref name="dueIn"/> (the waiters'
    /// and the others counted before them): a waiter joins the queue a moment before it sets its timer, and a clock moved
    /// in between would set that timer late.
    /// </summary>
    private static async Task TimersSetAsync(ManualClock clock, int count, params TimeSpan[] dueIn)
    {
        for (var i = 0; i < 500 && dueIn.Sum(clock.TimersDueIn) < count; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(dueIn.Sum(clock.TimersDueIn) >= count, $"{dueIn.Sum(clock.TimersDueIn)} timers set, {count} expected");
    }

    /// <summary>Holds a's only slot with a stream until the returned source is completed.</summary>
    private async Task<(HttpResponseMessage Stream, TaskCompletionSource Hold)> HoldSlotAsync(GatewayHost gateway)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstreams["a"].Script(new FakeResponse { Chunks = 3, HoldAfterFirstChunk = hold });
        var stream = await gateway.Client.SendAsync(Chat("holder", stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        return (stream, hold);
    }

    [Fact]
    public async Task Saturated_RequestWaits_AndIsServedWhenTheSlotIsReleased()
    {
        await using var gateway = await StartAsync(maxWait: 60, extra: ("AI_A_MAX_IN_FLIGHT", "1"));
        var (stream, hold) = await HoldSlotAsync(gateway);

        var waiting = gateway.Client.ExchangeAsync(Chat("second"));
        await WaitingAsync(gateway, 1);
        Assert.False(waiting.IsCompleted);

        hold.SetResult(); // the release wakes the waiter: no timer, no polling
        await stream.Content.ReadAsStringAsync();
        var (response, body) = await waiting;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hello from a", body, StringComparison.Ordinal);
        Assert.Equal(2, _upstreams["a"].RequestCount);
        await WaitingAsync(gateway, 0);
    }

    [Fact]
    public async Task Saturated_WaitRunsOut_Is429WithRetryAfter()
    {
        var clock = new ManualClock();
        await using var gateway = await StartAsync(maxWait: 5, time: clock, extra: ("AI_A_MAX_IN_FLIGHT", "1"));
        var (stream, hold) = await HoldSlotAsync(gateway);

        // The holder's response stays referenced to the end: one the GC collects has its socket closed by a finalizer,
        // which ends the holder and frees its slot (how this test once saw the waiter served). A collection here says so.
        using var holder = stream;
        GC.Collect();
        GC.WaitForPendingFinalizers();

        // Other timers fall due in exactly 5 s too (the gateway's own, set when it started): the waiter's is one more.
        var others = clock.TimersDueIn(TimeSpan.FromSeconds(5));
        var waiting = gateway.Client.ExchangeAsync(Chat("second"));
        await WaitingAsync(gateway, 1);
        await TimersSetAsync(clock, others + 1, TimeSpan.FromSeconds(5));
        var timers = clock.PendingTimers();
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        if (waiting.IsCompleted)
        {
            // Seen once under load: say what answered early, and which timers there were.
            var (early, earlyBody) = await waiting;
            Assert.Fail($"answered before the wait ran out: {(int)early.StatusCode} {earlyBody}; timers from the wait's start: {timers} // "
                + string.Join(" || ", gateway.Services.GetRequiredService<Gateway.Selection.RecentDecisions>().Newest().Select(d => $"{d.RequestId} {d.Status} queued={d.Queued} {string.Join(" | ", d.Candidates)}"))
                + " // " + string.Join(" // ", gateway.Logs.Lines.TakeLast(12)));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        var (response, body) = await waiting;
        hold.SetResult();

        // On failure, the routing decisions and the last log lines say how the waiter got a slot (seen once under load).
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: " + string.Join(" || ", gateway.Services.GetRequiredService<Gateway.Selection.RecentDecisions>().Newest()
            .Select(d => $"{d.RequestId} {d.Status} queued={d.Queued} {string.Join(" | ", d.Candidates)}")) + " // " + string.Join(" // ", gateway.Logs.Lines.TakeLast(12)));
        Assert.Equal("queue_timeout", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal("1", response.Header("Retry-After"));
        Assert.Equal(1, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task RateLimitedBurst_IsServedWhenTheRateLimitEnds_OrRefusedWithRetryAfterWhenItEndsTooLate()
    {
        var clock = new ManualClock();
        await using var gateway = await StartAsync(maxWait: 10, time: clock, extra: ("AI_B_ENABLED", "true"));
        _upstreams["a"].Default = FakeResponse.WithStatus(429, "3");
        _upstreams["b"].Default = FakeResponse.WithStatus(429, "2");

        // A burst beyond both providers' limits: each request is refused upstream or finds both cooling, and waits.
        var others = clock.TimersDueIn(TimeSpan.FromSeconds(2)) + clock.TimersDueIn(TimeSpan.FromSeconds(3));
        var burst = Enumerable.Range(0, 5).Select(i => gateway.Client.ExchangeAsync(Chat($"burst {i}"))).ToList();
        await WaitingAsync(gateway, 5);
        await TimersSetAsync(clock, others + 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        var sent = _upstreams["a"].RequestCount + _upstreams["b"].RequestCount;
        _upstreams["a"].Default = FakeResponse.Ok;
        _upstreams["b"].Default = FakeResponse.Ok;

        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.All(burst, r => Assert.False(r.IsCompleted));
        Assert.Equal(sent, _upstreams["a"].RequestCount + _upstreams["b"].RequestCount); // nobody hammers them meanwhile

        clock.Advance(TimeSpan.FromSeconds(2)); // both limits over: every waiter is served
        foreach (var request in burst)
        {
            var (response, body) = await request;
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        }

        await WaitingAsync(gateway, 0);

        // A limit that ends after the queue's time: refused at once with the provider's Retry-After, no wait.
        _upstreams["a"].Script(FakeResponse.WithStatus(429, "60"));
        _upstreams["b"].Script(FakeResponse.WithStatus(429, "45"));
        var (late, lateBody) = await gateway.Client.ExchangeAsync(Chat("late"));
        Assert.Equal(HttpStatusCode.TooManyRequests, late.StatusCode);
        Assert.Equal("rate_limit_exceeded", Http.AssertOpenAIError(lateBody).GetProperty("code").GetString());
        var why = gateway.Services.GetRequiredService<Gateway.Selection.RecentDecisions>().Newest()[0];
        Assert.True(late.Header("Retry-After") == "45", $"Retry-After {late.Header("Retry-After")}: " + string.Join(" | ", why.Candidates)); // both tried, the soonest
    }

    [Fact]
    public async Task KeysTakeTurns_OneKeysBurstDoesNotStarveAnother()
    {
        await using var gateway = await StartAsync(maxWait: 60, extra: ("AI_A_MAX_IN_FLIGHT", "1"));
        var (stream, hold) = await HoldSlotAsync(gateway);

        // key-one queues three, then key-two one: first come, first served would serve key-two last.
        var requests = new List<Task<(HttpResponseMessage, string)>>();
        foreach (var (text, key, waiting) in new[] { ("one-1", "key-one", 1), ("one-2", "key-one", 2), ("one-3", "key-one", 3), ("two-1", "key-two", 4) })
        {
            requests.Add(gateway.Client.ExchangeAsync(Chat(text, key)));
            await WaitingAsync(gateway, waiting);
        }

        _upstreams["a"].Reset();
        hold.SetResult();
        await stream.Content.ReadAsStringAsync();
        await Task.WhenAll(requests);

        var order = _upstreams["a"].Received.Select(r => r.Body).Select(b => new[] { "one-1", "one-2", "one-3", "two-1" }.Single(t => b.Contains(t, StringComparison.Ordinal))).ToList();
        Assert.Equal(["one-1", "two-1", "one-2", "one-3"], order);
    }

    [Fact]
    public async Task FullQueue_Is429QueueFull_AtOnce()
    {
        await using var gateway = await StartAsync(maxWait: 60, maxLength: 1, extra: ("AI_A_MAX_IN_FLIGHT", "1"));
        var (stream, hold) = await HoldSlotAsync(gateway);
        var waiting = gateway.Client.ExchangeAsync(Chat("second"));
        await WaitingAsync(gateway, 1);

        var (response, body) = await gateway.Client.ExchangeAsync(Chat("third"));
        hold.SetResult();
        await stream.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("queue_full", Http.AssertOpenAIError(body).GetProperty("code").GetString());
        Assert.Equal("1", response.Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await waiting).Response.StatusCode);
    }

    [Fact]
    public async Task QueueOff_SaturatedIsStill503AtOnce()
    {
        await using var gateway = await StartAsync(maxWait: 0, extra: ("AI_A_MAX_IN_FLIGHT", "1"));
        var (stream, hold) = await HoldSlotAsync(gateway);

        var (response, body) = await gateway.Client.ExchangeAsync(Chat("second"));
        hold.SetResult();
        await stream.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("providers_saturated", Http.AssertOpenAIError(body).GetProperty("code").GetString());
    }
}
