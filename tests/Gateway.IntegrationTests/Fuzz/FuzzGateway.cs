using Gateway.FakeUpstream;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// The gateway under fuzz: a real Kestrel gateway with client keys and an admin key, two OpenAI-compatible fakes
/// (<c>a</c>, <c>b</c>) and one Anthropic fake (<c>claude</c>), all three in the smart and fast tiers.
/// </summary>
internal sealed class FuzzGateway : IAsyncDisposable
{
    private static int _requestIds;
    private readonly Upstreams _upstreams;
    private readonly FakeUpstreamServer _claude;

    private FuzzGateway(Upstreams upstreams, FakeUpstreamServer claude, GatewayHost host) => (_upstreams, _claude, Host) = (upstreams, claude, host);

    public GatewayHost Host { get; }

    public IEnumerable<FakeUpstreamServer> Fakes => [_upstreams["a"], _upstreams["b"], _claude];

    /// <param name="keepCircuitsClosed">
    /// Whether a provider stays a candidate however often it fails: the fakes answer 500 to some odd bodies the
    /// gateway rightly forwards (the Anthropic fake to an empty message list), and an open circuit would then turn
    /// every later request into a 503 and hide what it does.
    /// </param>
    public static async Task<FuzzGateway> StartAsync(bool keepCircuitsClosed = true)
    {
        var upstreams = await Upstreams.StartAsync("a", "b");
        var claude = await FakeUpstreamServer.StartAsync("claude");
        var environment = upstreams.Environment(
            ("AI_CLAUDE_TYPE", "anthropic"), ("AI_CLAUDE_URL", claude.Root), ("AI_CLAUDE_KEY", "sk-ant-fuzz"),
            ("AI_CLAUDE_SMART", "claude-sonnet-4"), ("AI_CLAUDE_FAST", "claude-3-5-haiku"));
        var host = await GatewayHost.StartAsync(environment, new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys"] = HeaderGen.ClientKey,
            ["Gateway:AdminKey"] = HeaderGen.AdminKey,
            ["Gateway:Health:FailureThreshold"] = keepCircuitsClosed ? "1000" : "5",
            // Wrong keys are most of what the fuzzer sends: throttled, every later request would be a 429 (the
            // throttle has its own test, AuthThrottleTests).
            ["Gateway:Limits:AuthFailuresPerMinute"] = "0",
            // Warnings and errors only: an unhandled exception is kept (and quoted in a failure), the access log is not.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var gateway = new FuzzGateway(upstreams, claude, host);
        foreach (var fake in gateway.Fakes)
        {
            fake.Record = false;
        }

        return gateway;
    }

    /// <summary>Sends the request on its own connection; one without an x-request-id gets a plain one, to find its log lines.</summary>
    public async Task<(RawResponse Response, string RequestId)> SendAsync(FuzzRequest request)
    {
        var headers = request.Headers.ToList();
        var id = $"fuzz-{Interlocked.Increment(ref _requestIds)}";
        if (headers.Any(h => h.Name == "x-request-id"))
        {
            id = ""; // the request's own id, which the gateway may replace: its log lines cannot be told apart
        }
        else
        {
            headers.Add(("x-request-id", id));
        }

        var port = new Uri(Host.Root).Port;
        return (await RawHttp.SendAsync(port, request.Method, request.Target, headers, request.Body, TimeSpan.FromSeconds(20)), id);
    }

    /// <summary>The server's error log lines about one request (an unhandled exception names the request id).</summary>
    public string ErrorsFor(string requestId) => requestId.Length == 0 ? "" : string.Join("\n", Host.Logs.Lines
        .Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
        .Where(l => l.Contains(requestId, StringComparison.Ordinal))
        .Select(l => l.Length > 700 ? l[..700] + "..." : l));

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _claude.DisposeAsync();
        await _upstreams.DisposeAsync();
    }
}
