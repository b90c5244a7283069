namespace Gateway.Configuration;

/// <summary>Settings of the selection strategies (<c>Gateway:Selection</c>). The defaults live here.</summary>
public sealed record SelectionOptions
{
    /// <summary>
    /// The share of requests (0 to 1) the <c>latency</c> strategy sends first to another candidate than the fastest,
    /// so a recovered or new provider gets measured again. Default 0.05.
    /// </summary>
    public double LatencyExploration { get; init; } = 0.05;

    /// <summary>Whether client keys may choose a request's strategy with <c>x-gateway-strategy</c> (unless their own setting says). Default true.</summary>
    public bool ClientsMayChoose { get; init; } = true;

    /// <summary>
    /// How many recent routing decisions each replica keeps (a ring, newest first) for <c>/admin/routing</c> and the
    /// console's Routing page; 0 keeps none (nothing is recorded on the request path). Default 100.
    /// </summary>
    public int RecentDecisions { get; init; } = 100;

    /// <summary>
    /// Each tier's own strategy (<c>smart</c>, <c>fast</c> to a registered strategy name), used for a request of that tier
    /// when neither the request nor its key chose one; a tier not listed uses <c>Gateway:Rotation</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Tiers { get; init; } = new Dictionary<string, string>();

    /// <summary>Per-key settings by key id (the first 12 hex digits of the key's SHA-256, as the audit log names it).</summary>
    public IReadOnlyDictionary<string, KeySelectionOptions> Keys { get; init; } = new Dictionary<string, KeySelectionOptions>();
}
