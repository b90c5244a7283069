namespace Gateway.Configuration;

/// <summary>USD per million input (prompt) and output (completion) tokens.</summary>
public sealed record ModelPrice(double InputPerMillion, double OutputPerMillion)
{
    /// <summary>
    /// The most output tokens the model writes in one answer (<c>MaxOutput</c>), when known: what a budget reserves for
    /// a request that names no <c>max_tokens</c>.
    /// </summary>
    public long? MaxOutputTokens { get; init; }

    /// <summary>USD per million input tokens read from the provider's prompt cache (<c>CachedInput</c>); null: the input price.</summary>
    public double? CachedInputPerMillion { get; init; }

    /// <summary>USD per million input tokens written to the provider's prompt cache (<c>CacheWrite</c>); null: the input price.</summary>
    public double? CacheWritePerMillion { get; init; }
}
