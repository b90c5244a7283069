namespace Gateway.Routing;

/// <summary>The candidates for a request, or why there are none (an OpenAI-style error to return).</summary>
internal readonly record struct Resolution(CandidateSet? Candidates, int Status, string? Code, string? Message)
{
    public static Resolution Of(CandidateSet set) => new(set, 200, null, null);

    public static Resolution Fail(int status, string code, string message) => new(null, status, code, message);
}
