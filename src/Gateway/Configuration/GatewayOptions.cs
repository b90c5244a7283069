using System.Globalization;
using System.Text;

namespace Gateway.Configuration;

/// <summary>The gateway's settings, read once at start-up from the <c>Gateway</c> section and the <c>AI_*</c> variables.</summary>
public sealed record GatewayOptions
{
    /// <summary>Selection strategy name (one the composition root registered). Default <c>round-robin</c>.</summary>
    public string Rotation { get; init; } = DefaultRotation;

    /// <summary>The rotation when none is configured.</summary>
    public const string DefaultRotation = "round-robin";

    /// <summary>Whether a failed attempt moves on to the next candidate provider. Default true.</summary>
    public bool RetryFailed { get; init; } = true;

    /// <summary>Extra attempts after the first one, across providers. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Largest request body accepted, in bytes. Default 4 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Extra model names for the tiers: alias (case-insensitive) to <c>smart</c> or <c>fast</c>.</summary>
    public IReadOnlyDictionary<string, ModelTier> Aliases { get; init; } = new Dictionary<string, ModelTier>();

    /// <summary>Client keys accepted as <c>Authorization: Bearer ...</c>. Empty: no client authentication.</summary>
    public IReadOnlyList<string> ClientKeys { get; init; } = [];

    /// <summary>The owner of each client key (key to owner); keys configured without one belong to <see cref="StaticOwner"/>.</summary>
    public IReadOnlyDictionary<string, string> ClientKeyOwners { get; init; } = new Dictionary<string, string>();

    /// <summary>The owner of client keys configured without one (and of the static keys of later issues).</summary>
    public const string StaticOwner = "static";

    /// <summary>The control-data store (managed providers) and the keys that encrypt its secrets.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>Default upstream timeouts; each provider may override them.</summary>
    public TimeoutOptions Timeouts { get; init; } = new();

    /// <summary>Health scoring and circuit breaker settings.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>Retries on the same provider before failing over.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>After a stream's first token: continuation on another provider, malformed events (<c>Gateway:Streams</c>).</summary>
    public StreamOptions Streams { get; init; } = new();

    /// <summary>The shared health store (Redis); off when no connection string is set.</summary>
    public RedisOptions Redis { get; init; } = new();

    /// <summary>Key for <c>/admin/*</c> (<c>Authorization: Bearer ...</c>). Unset: the admin API answers 401 to everyone.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Prices by model (USD per million tokens), on top of the built-in list of Usage/PriceTable.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new Dictionary<string, ModelPrice>();

    /// <summary>Context windows (tokens) by upstream model: a context-length error fails over only to a larger window.</summary>
    public IReadOnlyDictionary<string, int> ContextWindows { get; init; } = new Dictionary<string, int>();

    /// <summary>Live model lists from the providers.</summary>
    public ModelDiscoveryOptions ModelDiscovery { get; init; } = new();

    /// <summary>Prometheus metrics.</summary>
    public MetricsOptions Metrics { get; init; } = new();

    /// <summary>The admin console: on or off, on the API port or its own.</summary>
    public ConsoleOptions Console { get; init; } = new();

    /// <summary>Settings of the selection strategies (the <c>latency</c> strategy's exploration share).</summary>
    public SelectionOptions Selection { get; init; } = new();

    /// <summary>The wait queue for requests whose every candidate is rate limited or saturated (off by default).</summary>
    public QueueOptions Queue { get; init; } = new();

    /// <summary>Prompt-cache affinity: one conversation, one provider account (off by default).</summary>
    public AffinityOptions Affinity { get; init; } = new();

    /// <summary>Active probes of idle and standby providers (off by default).</summary>
    public ProbeOptions Probes { get; init; } = new();
    /// <summary>The exact response cache: who uses it, memory or Redis, bounds, replay pace and what a hit costs.</summary>
    public CacheOptions Cache { get; init; } = new();

    /// <summary>Translation for providers of another protocol (strictness about what has no equivalent).</summary>
    public TranslationOptions Translation { get; init; } = new();

    /// <summary>Responses answered through chat completions: how long and how many are kept.</summary>
    public ResponsesOptions Responses { get; init; } = new();

    /// <summary>Connection, header and body-pace limits on every listener.</summary>
    public LimitsOptions Limits { get; init; } = new();

    /// <summary>Where upstream connections may go (owners' providers: public addresses only) and the hop limit.</summary>
    public OutboundOptions Outbound { get; init; } = new();

    /// <summary>On shutdown, how long requests and streams in flight may finish before they are cut. Default 30 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every configured provider, enabled or not, in name order.</summary>
    public IReadOnlyList<ProviderOptions> Providers { get; init; } = [];

    // A record prints every property: never the client keys or the admin key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Rotation = {Rotation}, RetryFailed = {RetryFailed}, MaxRetries = {MaxRetries}, MaxRequestBodyBytes = {MaxRequestBodyBytes}, ");
        builder.Append(CultureInfo.InvariantCulture, $"ClientKeys = ({ClientKeys.Count} set, not shown), AdminKey = {(AdminKey is null ? "(not set)" : "(set, not shown)")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Providers = [{string.Join(", ", Providers)}], Redis = {Redis}, Metrics = {Metrics}, Console = {Console}");
        return true;
    }
}
