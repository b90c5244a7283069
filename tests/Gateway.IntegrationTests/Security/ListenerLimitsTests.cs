using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Security;

/// <summary>Gateway:Limits over real sockets: Kestrel's own heartbeat cuts slow clients, so the waits are short real ones.</summary>
public sealed class ListenerLimitsTests
{
    private const string Health = "GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n";

    [Fact]
    public async Task HeadersSentTooSlowly_ConnectionIsClosedAfterTheHeadersTimeout()
    {
        await using var gateway = await StartAsync(("Gateway:Limits:RequestHeadersTimeoutSeconds", "1"));
        using var socket = await RawConnection.OpenAsync(gateway.Root);
        await socket.SendAsync("GET /healthz HTTP/1.1\r\nHost: gateway\r\n");
        using var stop = new CancellationTokenSource();
        var drip = DripAsync(socket, "X-Slow: a\r\n", stop.Token);

        // Kestrel's default is 30 s: with it the connection would still be open after 6 s.
        var received = await socket.ReadUntilClosedAsync(TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await drip;

        Assert.NotNull(received);
        Assert.True(received.Length == 0 || received.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), received);
    }

    [Fact]
    public async Task BodySentTooSlowly_Is408AfterTheGracePeriod_Not500()
    {
        await using var gateway = await StartAsync(("Gateway:Limits:MinRequestBodyBytesPerSecond", "1000"), ("Gateway:Limits:RequestBodyGracePeriodSeconds", "1.5"));
        using var socket = await RawConnection.OpenAsync(gateway.Root);
        await socket.SendAsync("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"model\":");

        // Kestrel's default pace check starts after 5 s; the configured one after 1.5 s.
        var received = await socket.ReadUntilClosedAsync(TimeSpan.FromSeconds(4.5));

        Assert.NotNull(received);
        Assert.StartsWith("HTTP/1.1 408", received, StringComparison.Ordinal);
        var json = received[received.IndexOf('{', StringComparison.Ordinal)..(received.LastIndexOf('}') + 1)]; // the body is chunked
        Http.AssertOpenAIError(json);
    }

    [Fact]
    public async Task ConnectionLimitReached_ExtraConnectionIsClosedUnanswered_AndAcceptedOnceOneCloses()
    {
        await using var gateway = await StartAsync(("Gateway:Limits:MaxConcurrentConnections", "2"));
        var first = await RawConnection.OpenAsync(gateway.Root);
        using var second = await RawConnection.OpenAsync(gateway.Root);
        foreach (var open in new[] { first, second })
        {
            await open.SendAsync(Health);
            Assert.StartsWith("HTTP/1.1 200", await open.ReadResponseAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        }

        using (var extra = await RawConnection.OpenAsync(gateway.Root))
        {
            await extra.SendAsync(Health);
            Assert.Equal("", await extra.ReadUntilClosedAsync(TimeSpan.FromSeconds(5)));
        }

        // Kestrel releases a slot when it has processed the close: bounded retries until a new connection is served.
        first.Dispose();
        string? answer = null;
        for (var attempt = 0; attempt < 50 && answer is null; attempt++)
        {
            using var retry = await RawConnection.OpenAsync(gateway.Root);
            await retry.SendAsync(Health);
            var response = await retry.ReadResponseAsync(TimeSpan.FromSeconds(5));
            answer = response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? response : null;
            await Task.Delay(answer is null ? 100 : 0);
        }

        Assert.NotNull(answer);
    }

    private static Task<GatewayHost> StartAsync(params (string Key, string Value)[] settings) =>
        GatewayHost.StartAsync(new Dictionary<string, string?>(), settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static async Task DripAsync(RawConnection socket, string text, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(300, stop);
                await socket.SendAsync(text);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server closed the connection, or the test is over.
        }
    }
}
