namespace Gateway.Configuration;

/// <summary>
/// A provider type as data, owned by the protocol that speaks it: its name, protocol, default base URL, whether it
/// needs a key, and the protocol's default version (Azure <c>api-version</c>, <c>anthropic-version</c>).
/// </summary>
public sealed record ProviderTypeInfo(string Name, string Protocol, string? DefaultUrl, bool KeyRequired, string? DefaultApiVersion = null)
{
    /// <summary>Other names accepted in <c>Type</c> (<c>azure-openai</c> for <c>azure</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The type of a provider whose name implies none (any OpenAI-compatible URL).</summary>
    public bool Fallback { get; init; }

    /// <summary>Whether providers of this type serve OpenAI's Responses API (<c>/responses</c>) themselves (<c>openai</c>, <c>azure</c>).</summary>
    public bool ServesResponses { get; init; }

    /// <summary>Whether providers of this type continue an answer from a trailing assistant message (prefill) by default (<c>anthropic</c>).</summary>
    public bool Continuation { get; init; }
}
