using Gateway.Contracts;

namespace Gateway.Routing;

/// <summary>
/// The candidates for a request, or why there are none (a <see cref="Contracts.Refusal"/> the surface writes); neither
/// when a filter left nobody and the operation answers itself (<see cref="None"/>).
/// </summary>
internal readonly record struct Resolution(CandidateSet? Candidates, Refusal? Refusal)
{
    /// <summary>Nobody kept, nothing refused: the operation answers the request itself.</summary>
    public static Resolution None => default;

    public int Status => Refusal?.Status ?? 200;

    public string? Code => Refusal?.Code;

    public string? Message => Refusal?.Message;

    public string? Providers => Refusal?.Providers;

    public static Resolution Of(CandidateSet set) => new(set, null);

    public static Resolution Fail(int status, string code, string message, string? providers = null) =>
        new(null, new Refusal(status, code, message) { Providers = providers });

    public static Resolution Fail(Refusal refusal) => new(null, refusal);
}
