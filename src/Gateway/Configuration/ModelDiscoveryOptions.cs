namespace Gateway.Configuration;

/// <summary>Listing each provider's live models in <c>/v1/models</c>.</summary>
public sealed record ModelDiscoveryOptions
{
    /// <summary>Fetch the providers' model lists in the background. Default false (only configured models are listed).</summary>
    public bool Enabled { get; init; }

    /// <summary>How often the lists are fetched again (the cache's time to live). Default 10 minutes.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMinutes(10);
}
