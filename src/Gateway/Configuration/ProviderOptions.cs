using System.Globalization;
using System.Text;

namespace Gateway.Configuration;

/// <summary>One provider account: from <c>Gateway:Providers:&lt;name&gt;</c> or the <c>AI_&lt;NAME&gt;_*</c> variables.</summary>
public sealed record ProviderOptions
{
    /// <summary>Lower-case provider name (<c>openrouter1</c>); unique.</summary>
    public required string Name { get; init; }

    /// <summary>Provider type (registered by its protocol: <c>openai</c>, <c>azure</c>, <c>anthropic</c>, ...); inferred from the name when not set.</summary>
    public required string Type { get; init; }

    /// <summary>Absolute base URL, without a trailing slash.</summary>
    public required Uri Url { get; init; }

    /// <summary>The provider's API key; never logged or returned.</summary>
    public string? Key { get; init; }

    /// <summary>Model used for the <c>smart</c> tier.</summary>
    public string? Smart { get; init; }

    /// <summary>Model used for the <c>fast</c> tier.</summary>
    public string? Fast { get; init; }

    /// <summary>A disabled provider is configured but never receives a request.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Positive selection weight. Default 1.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Failover order: lower first. Default 1.</summary>
    public int Priority { get; init; } = 1;

    /// <summary>Model names this provider serves besides its tiers.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Multiplies the price table's cost for this account (discounts, markups). Default 1.</summary>
    public double CostMultiplier { get; init; } = 1;

    /// <summary>Context window (tokens) of this provider's models, unless Gateway:ContextWindows names the model.</summary>
    public int? ContextWindow { get; init; }

    /// <summary>Anthropic: <c>max_tokens</c> sent when the client gave none (Anthropic requires it). Default 4096.</summary>
    public int DefaultMaxTokens { get; init; } = 4096;

    /// <summary>Azure OpenAI <c>api-version</c> query value; Anthropic <c>anthropic-version</c> header.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>
    /// Bulkhead: at most this many requests in flight to this account at once (per replica); over it, requests go to
    /// the next candidate. 0: no limit. Default 0.
    /// </summary>
    public int MaxInFlight { get; init; }

    /// <summary>
    /// Whether the provider serves OpenAI's Responses API itself, so <c>/v1/responses</c> passes through to it; otherwise
    /// the gateway translates to chat completions. Default: the type's (<c>openai</c> and <c>azure</c> do).
    /// </summary>
    public bool ServesResponses { get; init; }

    /// <summary>
    /// Whether the provider continues an answer from a trailing assistant message (a prefill), so a stream broken on
    /// another provider can be continued here (<c>Gateway:Streams:Continuation</c>). Default: the type's (Anthropic
    /// does; OpenAI-compatible types only when configured, since OpenAI itself answers a new message instead).
    /// </summary>
    public bool Continuation { get; init; }

    /// <summary>The owner of a managed provider (only that owner's requests use it); null: global, every caller's.</summary>
    public string? Owner { get; init; }

    /// <summary>The record id of a managed provider (the store's), or null for a configured one.</summary>
    public string? ManagedId { get; init; }

    /// <summary>
    /// Whether upstream connections may go to public addresses only (plus <c>Gateway:Outbound:AllowedNetworks</c>),
    /// checked on the resolved address at connect time: managed providers unless the admin set
    /// <c>allowPrivateNetwork</c>. Configured providers: false (the operator chose their URLs).
    /// </summary>
    public bool PublicNetworkOnly { get; init; }

    /// <summary>A managed provider its owner marked default: tried first for plain model names.</summary>
    public bool IsDefault { get; init; }

    /// <summary>A managed provider's usage limit: tokens (prompt + completion) per calendar month, UTC; null: none. At or over it the provider leaves routing.</summary>
    public long? UsageLimit { get; init; }

    /// <summary>This provider's hedging (<c>Gateway:Providers:&lt;name&gt;:Hedge</c>); null: <c>Gateway:Retry:Hedge</c>.</summary>
    public HedgeOptions? Hedge { get; init; }

    /// <summary>Effective timeouts (the defaults merged with this provider's overrides).</summary>
    public TimeoutOptions Timeouts { get; init; } = new();

    /// <summary>The model that serves <paramref name="tier"/>, or null when this provider has none.</summary>
    public string? ModelFor(ModelTier tier) => tier switch
    {
        ModelTier.Smart => Smart,
        ModelTier.Fast => Fast,
        _ => null,
    };

    // A record prints every property: never the provider key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, Type = {Type}, Url = {Url}, Key = {(Key is null ? "(not set)" : "(set, not shown)")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Smart = {Smart}, Fast = {Fast}, Enabled = {Enabled}, Weight = {Weight}, Priority = {Priority}, MaxInFlight = {MaxInFlight}, Owner = {Owner}");
        return true;
    }
}
