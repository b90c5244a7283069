namespace Gateway.Routing;

/// <summary>The places of the candidate filters in their one list: what the provider can do before what it may do now.</summary>
internal static class CandidateFilterOrder
{
    /// <summary>The provider's protocol serves the operation and the request's content parts.</summary>
    public const int Capability = 100;

    /// <summary>The provider is under its monthly usage limit.</summary>
    public const int ProviderUsage = 200;

    /// <summary>The provider serves the format's API itself, for a request only such a provider can answer.</summary>
    public const int Natives = 300;

    /// <summary>Why a filter at <paramref name="order"/> takes a candidate out, as the routing decisions say it.</summary>
    public static string Describe(int order) => order switch
    {
        Capability => "cannot serve this operation or content",
        ProviderUsage => "over its provider usage limit",
        Natives => "does not serve this format itself",
        _ => "left out by a candidate filter",
    };
}
