namespace Gateway.Routing;

/// <summary>The candidates for a request, or why there are none (an OpenAI-style error to return, and the providers it concerns).</summary>
internal readonly record struct Resolution(CandidateSet? Candidates, int Status, string? Code, string? Message, string? Providers = null)
{
    public static Resolution Of(CandidateSet set) => new(set, 200, null, null);

    public static Resolution Fail(int status, string code, string message, string? providers = null) => new(null, status, code, message, providers);
}
