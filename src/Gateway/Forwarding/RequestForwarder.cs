using Gateway.Affinity;
using Gateway.Health;
using Gateway.Queueing;
using Gateway.Routing;
using Gateway.Selection;

namespace Gateway.Forwarding;

/// <summary>
/// Forwards one request: plans the candidates, runs the attempts by the <see cref="FailoverLoop"/>'s rules (each one by
/// <see cref="AttemptRunner"/>), and answers by itself when no attempt committed a response. When every candidate is
/// rate limited or at its bulkhead cap and the queue is on (<c>Gateway:Queue</c>), the request waits in the
/// <see cref="RequestQueue"/> for the first one to free up and is planned again. See the streaming contract in the README.
/// </summary>
internal sealed class RequestForwarder(SelectionPlanner planner, FailoverLoop loop, AttemptRunner runner, FinalResponses final, StreamContinuations continuations,
    RequestQueue queue, ConversationAffinity affinity, RoutingDecisionRecorder decisions, TimeProvider time)
{
    public async Task ForwardAsync(GatewayRequest request, CandidateSet candidates)
    {
        // Price and speed strategies weigh the request: its model, whether it streams, admission's token estimate.
        var ticket = request.Ticket;
        var selection = new SelectionRequest(request.Envelope.Model, request.Stream, ticket?.EstimatedPrompt ?? 0, ticket?.EstimatedOutput ?? 0);
        QueuedRequest? waiting = null;
        AttemptPlan? plan = null;
        ForwardingState? state = null;
        var conversation = affinity.KeyOf(request.Body.Span, request.QueueKey);
        try
        {
            while (true)
            {
                (plan, state) = (planner.Plan(candidates, selection, request.Strategy), null);
                if (plan.Count == 0)
                {
                    if (plan.BlockedBy == BlockReason.RateLimited && await TurnAsync(plan.RetryAt).ConfigureAwait(false))
                    {
                        continue;
                    }

                    await final.WriteAllBlockedAsync(request.Context, plan, request.QueueFull).ConfigureAwait(false);
                    return;
                }

                if (PreferConversation(request, conversation, plan))
                {
                    request.AffinityHit = true; // the conversation's account first, while it is planned (healthy)
                }

                state = new ForwardingState(request, plan);
                AttemptResult result;
                using (var deadline = loop.Start(request.Context.RequestAborted))
                {
                    // The failover loop: one attempt after another, by its rules, under the request's deadline.
                    var retries = 0;
                    do
                    {
                        try
                        {
                            result = await runner.RunAsync(state, deadline.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (deadline.Passed)
                        {
                            state.DeadlinePassed = true;
                            result = AttemptResult.Exhausted;
                            break;
                        }
                    }
                    while (loop.Again(result, retries++, deadline, state));
                }

                if (result is not (AttemptResult.Retryable or AttemptResult.Exhausted or AttemptResult.Continue))
                {
                    if (state.ServedBy is { } provider && request.Context.Response.StatusCode < 400)
                    {
                        request.ServedBy = provider; // kept with a stored response: its continuation's preference
                        if (conversation is { } served)
                        {
                            affinity.Bind(served, provider);
                        }
                    }

                    return;
                }

                if (state.Continuation is { Continuing: true })
                {
                    // A broken stream nobody continued ends with the original failure.
                    await continuations.WriteFailedAsync(state).ConfigureAwait(false);
                    return;
                }

                if (WakeFor(state) is { } wake && await TurnAsync(wake).ConfigureAwait(false))
                {
                    continue;
                }

                await final.WriteExhaustedAsync(state).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (request.Context.RequestAborted.IsCancellationRequested)
        {
            // The client left, during an attempt or while waiting in the queue: nothing to answer.
        }
        finally
        {
            waiting?.Dispose();
            decisions.Record(request, candidates, plan, state); // why it went where it went (Gateway:Selection:RecentDecisions)
        }

        // Joins the queue on the first wait (keeping the request's place across its turns) and waits for its next turn:
        // true to plan again, false to answer now.
        async ValueTask<bool> TurnAsync(DateTimeOffset wakeAt)
        {
            if (!queue.Enabled || request.Context.Response.HasStarted)
            {
                return false;
            }

            waiting ??= queue.TryJoin(request.QueueKey, ProviderNames(candidates));
            if (waiting is null)
            {
                request.QueueFull = true;
                return false;
            }

            request.Queued = true;
            return await waiting.WaitAsync(wakeAt == DateTimeOffset.MaxValue ? null : wakeAt, request.Context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts the conversation's account first in <paramref name="plan"/> when affinity is on and it is planned (healthy):
    /// the one that answered the stored response the request continues (<see cref="GatewayRequest.PreferredProvider"/>,
    /// shared by every replica through the conversation store), else the one this replica bound to its prompt's start.
    /// </summary>
    private bool PreferConversation(GatewayRequest request, UInt128? conversation, AttemptPlan plan) =>
        (affinity.Enabled && request.PreferredProvider is { } previous && plan.Prefer(previous))
        || (conversation is { } bound && affinity.Find(bound) is { } last && plan.Prefer(last));

    /// <summary>
    /// When a request that found nothing may wait: every candidate at its bulkhead cap (woken by a release, or when a
    /// blocked one's time is up) or every attempt rate limited with a Retry-After (woken when the soonest ends).
    /// Null: the failure is not one that waiting mends.
    /// </summary>
    private DateTimeOffset? WakeFor(ForwardingState state)
    {
        if (state.DeadlinePassed || state.Request.Context.Response.HasStarted)
        {
            return null;
        }

        if (state.Attempts == 0 && state.Saturated)
        {
            return state.Plan.RetryAt;
        }

        return state.Attempts > 0 && state.OnlyRateLimited && state.SoonestRetryAfter is { } after
            ? time.GetUtcNow() + after
            : null;
    }

    private static string[] ProviderNames(CandidateSet candidates)
    {
        var names = new string[candidates.Count];
        var i = 0;
        foreach (var candidate in candidates.Candidates)
        {
            names[i++] = candidate.Provider.Name;
        }

        return names;
    }
}
