using System.Diagnostics;
using Gateway.Health;
using Gateway.Telemetry;
using Gateway.Usage;

namespace Gateway.Outcomes;

/// <summary>
/// The one record of one upstream attempt, handed to <see cref="IAttemptOutcomeSink"/> when the attempt ends, however
/// it ends. A struct passed by reference: no allocation per attempt.
/// </summary>
/// <param name="End">How the attempt ended.</param>
/// <param name="Failure">What went wrong (for <see cref="AttemptEnd.Failed"/> and <see cref="AttemptEnd.Truncated"/>: the cause).</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="Model">The upstream model sent.</param>
/// <param name="ModelLabel">The model as a bounded metric label.</param>
/// <param name="Attempt">The attempt's number within its request (1 for the first).</param>
/// <param name="Status">The upstream's HTTP status, 0 when there was none.</param>
/// <param name="HeadersLatency">Time to the response headers (zero when none came).</param>
/// <param name="Duration">Time from sending to the end of the attempt.</param>
/// <param name="FirstToken">For streams, time to the first content token, when one came.</param>
/// <param name="Usage">Tokens the upstream reported, for a served response (or a stream the client left after the usage came).</param>
/// <param name="RetryAfter">How long the provider asked us to stay away (429/503).</param>
/// <param name="Committed">Whether this attempt's response reached the client (even in part).</param>
/// <param name="Stream">Whether the response was a stream.</param>
/// <param name="RequestId">The client request's id.</param>
/// <param name="Exception">The exception type that ended the attempt, if one did.</param>
/// <param name="Request">The request's access-log record.</param>
/// <param name="Activity">The attempt's span, when tracing is on.</param>
/// <param name="PassedTokens">For a stream of a key with limits: completion tokens counted in the content that passed to the client.</param>
/// <param name="Ticket">The request's admission ticket (who is billed, what it holds), when admission gave one.</param>
internal readonly record struct AttemptRecord(
    AttemptEnd End,
    FailureKind Failure,
    string Provider,
    string Model,
    string ModelLabel,
    int Attempt,
    int Status,
    TimeSpan HeadersLatency,
    TimeSpan Duration,
    TimeSpan? FirstToken,
    TokenUsage? Usage,
    TimeSpan? RetryAfter,
    bool Committed,
    bool Stream,
    string RequestId,
    string? Exception,
    RequestRecord? Request,
    Activity? Activity,
    int PassedTokens = 0,
    Accounts.Limits.AdmissionTicket? Ticket = null);
