using System.Diagnostics;
using System.Net;
using Gateway.Health;
using Gateway.Outbound;
using Gateway.Outcomes;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Forwarding;

/// <summary>
/// Sends one attempt: the adapter builds the upstream request (the body spliced or translated), the client sends it
/// under the headers or first-token timeout, and the status decides what follows. 429, 408, 5xx, 401/403/407 (the
/// provider refused the gateway's own key) and 3xx (never followed with a provider key) are the provider's failure;
/// other 4xx go back to the client; a 2xx goes to the writer for its shape: JSON, or a stream held back until its first
/// token and then handed back released, for the attempt runner to copy (this method's state machine, like the hold's,
/// is not held by the open stream).
/// </summary>
internal sealed class AttemptSender(
    UpstreamClients clients,
    HopMarker hops,
    TimeProvider time,
    JsonResponseWriter json,
    SseResponseWriter sse,
    RejectedResponseWriter rejected,
    StreamContinuations continuations,
    Telemetry.GatewayMetrics metrics)
{
    public async ValueTask<AttemptStep> SendAsync(UpstreamAttempt attempt)
    {
        var request = attempt.Request;
        var provider = attempt.Candidate.Provider;
        var exchange = AttemptExchange.For(request, provider.Adapter);
        var usageRequest = request.Stream ? request.Operation.UsageRequest(request.Envelope) : null;
        HttpRequestMessage upstreamRequest;
        try
        {
            upstreamRequest = provider.Adapter.CreateRequest(exchange.Kind, attempt.Model);
            upstreamRequest.Content = exchange.Content(request, attempt.Candidate.UpstreamModelJson, attempt.Model, usageRequest, StreamContinuations.Body(attempt.State));
            attempt.Omitted = exchange.Omitted;
            foreach (var item in exchange.Omitted)
            {
                metrics.TranslationOmitted.Add(1, Telemetry.GatewayMetrics.Tags("provider", provider.Name, "item", item));
            }

            if (exchange.Kind == request.Operation.Kind)
            {
                request.Operation.ForwardHeaders(request.Context.Request.Headers, upstreamRequest);
            }
        }
        catch (TranslationException e)
        {
            // The client's input has no form in this provider's protocol: nobody's health is at stake, and another
            // candidate may take it as it is. Only when none can does the client get a 400 naming them.
            attempt.State.AddUnsupported(provider.Name, e.Message);
            return attempt.Finish(AttemptEnd.Unsupported);
        }

        HttpResponseMessage? response = null;
        var released = false; // a released stream owns the response and its request from then on
        try
        {
            upstreamRequest.Version = HttpVersion.Version20;
            upstreamRequest.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            upstreamRequest.Headers.TryAddWithoutValidation("X-Request-Id", request.Context.TraceIdentifier);
            upstreamRequest.Headers.Remove(HopMarker.Header);
            upstreamRequest.Headers.TryAddWithoutValidation(HopMarker.Header, hops.Next(request.Context.Request.Headers[HopMarker.Header]));
            if (Activity.Current is null && ClientTraceParent.Child(request.Context.Request.Headers.TraceParent) is { } traceParent)
            {
                upstreamRequest.Headers.TryAddWithoutValidation("traceparent", traceParent);
            }

            attempt.Arm(request.Stream ? attempt.Timeouts.FirstToken : attempt.Timeouts.ResponseHeaders);
            try
            {
                response = await clients.For(provider.Options).SendAsync(upstreamRequest, attempt.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                var kind = e is OperationCanceledException ? attempt.TimeoutKind(request.Stream ? FailureKind.FirstTokenTimeout : FailureKind.HeadersTimeout)
                    : OutboundRefusedException.IsIn(e) ? FailureKind.Refused : FailureKind.Connect;
                return attempt.Fail(kind, status: 0, retryAfter: null, e);
            }

            attempt.HeadersLatency = attempt.Elapsed;
            var status = (int)response.StatusCode;
            if (status is 429 or 408 or >= 500 or 401 or 403 or 407 or (>= 300 and < 400))
            {
                var kind = status switch
                {
                    429 => FailureKind.RateLimited,
                    401 or 403 or 407 => FailureKind.Credential,
                    >= 300 and < 400 => FailureKind.Redirect,
                    508 => FailureKind.Refused,
                    _ => FailureKind.ServerError,
                };
                var retryAfter = kind is FailureKind.RateLimited or FailureKind.ServerError ? RetryAfter.From(response, time.GetUtcNow()) : null;
                return attempt.Fail(kind, status, retryAfter, exception: null);
            }

            var continuing = attempt.State.Continuation is { Continuing: true };
            if (status is < 200 or >= 300)
            {
                if (continuing)
                {
                    return continuations.Refused(attempt, status);
                }

                return await rejected.WriteAsync(attempt, response, exchange).ConfigureAwait(false);
            }

            var isEventStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            if (request.Stream && isEventStream)
            {
                var step = await sse.HoldAsync(attempt, response, stripUsage: usageRequest is not null, exchange).ConfigureAwait(false);
                released = step.Stream is not null;
                return step;
            }

            return continuing ? attempt.Fail(FailureKind.StreamError, status, retryAfter: null, exception: null)
                : await json.WriteAsync(attempt, response, exchange).ConfigureAwait(false);
        }
        finally
        {
            if (!released)
            {
                response?.Dispose();
                upstreamRequest.Dispose();
            }
        }
    }
}
