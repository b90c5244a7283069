using Gateway.Routing;
using Gateway.Selection;

namespace Gateway.Forwarding;

/// <summary>
/// Forwards one request: plans the candidates, runs the attempts through <see cref="FailoverLoop"/> (each one by
/// <see cref="AttemptRunner"/>), and answers by itself when no attempt committed a response. See the streaming contract
/// in the README.
/// </summary>
internal sealed class RequestForwarder(SelectionPlanner planner, FailoverLoop loop, AttemptRunner runner, FinalResponses final, StreamContinuations continuations)
{
    public async Task ForwardAsync(GatewayRequest request, CandidateSet candidates)
    {
        // Price and speed strategies weigh the request: its model, whether it streams, admission's token estimate.
        var ticket = request.Ticket;
        var selection = new SelectionRequest(request.Envelope.Model, request.Stream, ticket?.EstimatedPrompt ?? 0, ticket?.EstimatedOutput ?? 0);
        var plan = planner.Plan(candidates, selection, request.Strategy);
        if (plan.Count == 0)
        {
            await final.WriteAllBlockedAsync(request.Context, plan).ConfigureAwait(false);
            return;
        }

        var state = new ForwardingState(request, plan);
        AttemptResult result;
        try
        {
            result = await loop.ExecuteAsync(state, runner).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.Context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (result is AttemptResult.Retryable or AttemptResult.Exhausted or AttemptResult.Continue)
        {
            // A broken stream nobody continued ends with the original failure; otherwise nothing reached the client yet.
            await (state.Continuation is { Continuing: true } ? continuations.WriteFailedAsync(state) : final.WriteExhaustedAsync(state)).ConfigureAwait(false);
        }
    }
}
