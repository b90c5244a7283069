using System.Text.Json.Serialization;

namespace Gateway.Accounts;

/// <summary>
/// The limits a client key or an owner may carry, each optional (null: no limit): requests and tokens per minute,
/// spend in USD and tokens per calendar day and month (UTC). The JSON names are the admin API's.
/// </summary>
internal sealed record LimitSet
{
    [JsonPropertyName("requestsPerMinute")]
    public long? RequestsPerMinute { get; init; }

    [JsonPropertyName("tokensPerMinute")]
    public long? TokensPerMinute { get; init; }

    [JsonPropertyName("usdPerDay")]
    public decimal? UsdPerDay { get; init; }

    [JsonPropertyName("usdPerMonth")]
    public decimal? UsdPerMonth { get; init; }

    [JsonPropertyName("tokensPerDay")]
    public long? TokensPerDay { get; init; }

    [JsonPropertyName("tokensPerMonth")]
    public long? TokensPerMonth { get; init; }

    /// <summary>
    /// What admission does when a day or month budget cannot cover a request's bound: <c>refuse</c> (429, the default)
    /// or <c>clamp</c> (send the upstream a <c>max_tokens</c> lowered to what the budget covers, and say so in a header).
    /// Not a limit itself: a set with only this is empty.
    /// </summary>
    [JsonPropertyName("onShortfall")]
    public string? OnShortfall { get; init; }

    /// <summary>Whether a shortfall is clamped rather than refused.</summary>
    [JsonIgnore]
    public bool Clamps => OnShortfall == Shortfall.Clamp;

    /// <summary>Whether no limit is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => RequestsPerMinute is null && TokensPerMinute is null && UsdPerDay is null && UsdPerMonth is null && TokensPerDay is null && TokensPerMonth is null;
}
