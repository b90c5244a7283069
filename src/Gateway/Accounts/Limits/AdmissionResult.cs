using Gateway.Contracts;

namespace Gateway.Accounts.Limits;

/// <summary>
/// What admission answers: admitted with the request's ticket and the headers its response carries (the caller's
/// <c>x-ratelimit-*</c>, a clamped <c>max_tokens</c>), or refused (429 over a limit or <c>maxConcurrent</c>, 503 when
/// limits cannot be checked) with its status, code, <c>Retry-After</c> and headers; or neither when the client left
/// while its request was being counted. Admission writes nothing: the surface's result writer does.
/// </summary>
internal sealed record AdmissionResult(AdmissionTicket? Ticket, Refusal? Refusal)
{
    /// <summary>The client went away before admission decided: nothing to answer, nothing held.</summary>
    public static AdmissionResult Gone { get; } = new(null, null);

    /// <summary>Headers for an admitted request's response, written when it starts.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static AdmissionResult Admit(AdmissionTicket ticket) => new(ticket, null);

    public static AdmissionResult Refuse(Refusal refusal) => new(null, refusal);
}
