using Gateway.Health;

namespace Gateway.Outcomes;

/// <summary>
/// Every failure kind's words in one table: its reason label (metrics, failovers), its error type label
/// (<c>gateway_errors_total</c>) and its description (logs, client messages). A new kind is one row.
/// </summary>
internal static class FailureKinds
{
    private static readonly (string Reason, string ErrorType, string Description)[] Table = Build();

    public static string Reason(FailureKind kind) => Table[(int)kind].Reason;

    public static string ErrorType(FailureKind kind) => Table[(int)kind].ErrorType;

    public static string Describe(FailureKind kind) => Table[(int)kind].Description;

    private static (string, string, string)[] Build()
    {
        var table = new (string, string, string)[Enum.GetValues<FailureKind>().Length];
        table[(int)FailureKind.None] = ("none", "stream_aborted", "failed");
        table[(int)FailureKind.Connect] = ("connect", "connect", "connection failed");
        table[(int)FailureKind.HeadersTimeout] = ("headers_timeout", "timeout", "timed out waiting for response headers");
        table[(int)FailureKind.FirstTokenTimeout] = ("first_token_timeout", "timeout", "timed out waiting for the first token");
        table[(int)FailureKind.IdleTimeout] = ("idle_timeout", "timeout", "stream idle too long");
        table[(int)FailureKind.TotalTimeout] = ("total_timeout", "timeout", "total timeout");
        table[(int)FailureKind.ServerError] = ("server_error", "5xx", "server error");
        table[(int)FailureKind.RateLimited] = ("rate_limited", "429", "rate limited");
        table[(int)FailureKind.StreamError] = ("stream_error", "stream_aborted", "stream failed before the first token");
        table[(int)FailureKind.StreamTruncated] = ("stream_truncated", "stream_aborted", "stream interrupted");
        table[(int)FailureKind.ContextLength] = ("context_length", "4xx", "context length exceeded");
        table[(int)FailureKind.Credential] = ("credential", "credential", "the provider rejected the gateway's credential");
        table[(int)FailureKind.Redirect] = ("redirect", "3xx", "unexpected redirect");
        table[(int)FailureKind.Refused] = ("refused", "refused", "refused by policy or a loop (outbound rule, 508)");
        table[(int)FailureKind.MalformedEvents] = ("malformed_events", "stream_aborted", "sent events that are not valid JSON");
        return table;
    }
}
