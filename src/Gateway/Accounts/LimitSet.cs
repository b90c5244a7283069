using System.Text.Json.Serialization;

namespace Gateway.Accounts;

/// <summary>
/// The limits a client key or an owner may carry, each optional (null: no limit): requests and tokens per minute,
/// spend in USD and tokens per calendar day and month (UTC), and requests in flight at once. The JSON names are the admin API's.
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

    /// <summary>Requests in flight at once (per replica); over it, 429. Not counted in windows: held while a request runs.</summary>
    [JsonPropertyName("maxConcurrent")]
    public long? MaxConcurrent { get; init; }

    /// <summary>Whether no limit is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => MaxConcurrent is null && IsUncounted;

    /// <summary>Whether no counted limit (requests, tokens, spend per window) is set: <see cref="MaxConcurrent"/> aside.</summary>
    [JsonIgnore]
    public bool IsUncounted => RequestsPerMinute is null && TokensPerMinute is null && UsdPerDay is null && UsdPerMonth is null && TokensPerDay is null && TokensPerMonth is null;
}
