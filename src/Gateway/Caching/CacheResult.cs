namespace Gateway.Caching;

/// <summary>What the cache made of one request.</summary>
internal enum CacheResult
{
    /// <summary>Answered from the cache: no upstream request.</summary>
    Hit,

    /// <summary>Not found: forwarded, and the answer kept if it may be.</summary>
    Miss,

    /// <summary>The cache is on for the caller but not for this request (bypassed, sampling, an operation it does not keep).</summary>
    Skip,

    /// <summary>The request was answered with an error (a bad <c>x-gateway-cache</c> value).</summary>
    Refused,
}
