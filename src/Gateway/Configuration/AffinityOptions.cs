namespace Gateway.Configuration;

/// <summary>
/// Prompt-cache affinity (<c>Gateway:Affinity</c>): the requests of one conversation go to the provider account that
/// served it while that account is healthy, so the provider's prompt cache hits. The defaults live here.
/// </summary>
public sealed record AffinityOptions
{
    /// <summary>Whether requests of one conversation stick to one account. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>How long a conversation stays bound after its last request (providers keep prompt caches minutes). Default 300 s.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many bytes of the request body's start (the system prompt and the first messages) identify a conversation. Default 2048.</summary>
    public int PrefixBytes { get; init; } = 2048;

    /// <summary>The most conversations remembered per replica; the least recently used go first. Default 100000.</summary>
    public int MaxEntries { get; init; } = 100_000;
}
