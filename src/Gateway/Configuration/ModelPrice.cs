namespace Gateway.Configuration;

/// <summary>USD per million input (prompt) and output (completion) tokens.</summary>
public sealed record ModelPrice(double InputPerMillion, double OutputPerMillion)
{
    /// <summary>
    /// The most output tokens the model writes in one answer (<c>MaxOutput</c>), when known: what a budget reserves for
    /// a request that names no <c>max_tokens</c>.
    /// </summary>
    public long? MaxOutputTokens { get; init; }
}
