using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Routing;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>
/// One attempt in flight: which candidate, the model sent, its timer, what it has learnt so far (latencies, whether the
/// client has its response), and its one ending: <see cref="Finish"/> builds the attempt's record and hands it to the sink.
/// </summary>
internal sealed class UpstreamAttempt(
    ForwardingState state, Candidate candidate, string model, string modelLabel, GenAiLabels genAi, AttemptTimer timer, IAttemptOutcomeSink sink, Activity? activity,
    HedgeLane? lane = null)
    : IDisposable
{
    public ForwardingState State => state;

    public GatewayRequest Request => state.Request;

    public HttpContext Context => state.Request.Context;

    public Candidate Candidate => candidate;

    public string Provider => candidate.Provider.Name;

    public TimeoutOptions Timeouts => candidate.Provider.Options.Timeouts;

    public string Model => model;

    public CancellationToken Token => timer.Token;

    public TimeSpan Elapsed => timer.Elapsed;

    /// <summary>Time until the upstream's response headers arrived.</summary>
    public TimeSpan HeadersLatency { get; set; }

    /// <summary>For a stream, when it was released to the client.</summary>
    public TimeSpan? FirstToken { get; set; }

    /// <summary>Whether this attempt's status and headers are the client's response.</summary>
    public bool Committed { get; set; }

    /// <summary>What the translation left out of the client's request for this provider (<c>tools.web_search</c>): the <c>x-gateway-omitted</c> header.</summary>
    public IReadOnlyList<string> Omitted { get; set; } = [];

    /// <summary>Whether the attempt's record went to the sink.</summary>
    public bool Finished { get; private set; }

    /// <summary>Whether this attempt was one of a hedged run's and another claimed the response first (it was cancelled for that).</summary>
    public bool Lost => lane?.Lost == true;

    public void Arm(TimeSpan phase) => timer.Arm(phase);

    /// <summary>
    /// Takes the client's response for this attempt, just before it commits: always granted, except in a hedged run
    /// where another attempt claimed it first. Then this attempt must end as <see cref="AttemptEnd.HedgeLost"/>.
    /// </summary>
    public bool TryClaim() => lane is null || lane.TryClaim();

    /// <summary>The failure a cancelled read or send means: a total timeout if one passed, else <paramref name="phase"/>.</summary>
    public FailureKind TimeoutKind(FailureKind phase)
    {
        state.DeadlinePassed |= timer.DeadlinePassed && !Context.RequestAborted.IsCancellationRequested && !Lost;
        return timer.IsTotal ? FailureKind.TotalTimeout : phase;
    }

    /// <summary>A failure before anything reached the client: the next candidate may try. A client that went away is nobody's failure.</summary>
    public AttemptResult Fail(FailureKind kind, int status, TimeSpan? retryAfter, Exception? exception)
    {
        if (Context.RequestAborted.IsCancellationRequested)
        {
            return Finish(AttemptEnd.ClientGone);
        }

        if (Lost)
        {
            // Cancelled because the other attempt of its hedged run answered first: nobody's failure.
            return Finish(AttemptEnd.HedgeLost);
        }

        state.AddFailure(Provider, kind, status, retryAfter);
        return Finish(AttemptEnd.Failed, kind, status, retryAfter: retryAfter, exception: exception);
    }

    /// <summary>Ends the attempt: its one record goes to the sink. Says what the attempt loop does next.</summary>
    public AttemptResult Finish(AttemptEnd end, FailureKind failure = FailureKind.None, int status = 0, TokenUsage? usage = null, TimeSpan? retryAfter = null, Exception? exception = null,
        int passedTokens = 0)
    {
        Finished = true;
        var context = Context;
        sink.Record(new AttemptRecord(end, failure, Provider, model, modelLabel, state.Attempts, status, HeadersLatency, timer.Elapsed, FirstToken, usage, retryAfter,
            Committed, Request.Stream, context.TraceIdentifier, exception?.GetType().Name, Request.Record, activity, passedTokens, Request.Ticket, genAi));
        return end switch
        {
            AttemptEnd.Failed or AttemptEnd.ContextLength or AttemptEnd.Unsupported or AttemptEnd.HedgeLost => AttemptResult.Retryable,
            AttemptEnd.ClientGone => AttemptResult.ClientGone,
            _ => AttemptResult.Committed,
        };
    }

    public void Dispose() => timer.Dispose();
}
