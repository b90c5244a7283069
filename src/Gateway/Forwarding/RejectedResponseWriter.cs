using System.Buffers;
using Gateway.Health;
using Gateway.Outcomes;
using Gateway.Protocols;
using Gateway.Providers;
using Gateway.Routing;

namespace Gateway.Forwarding;

/// <summary>
/// A 4xx (or other non-retryable) answer: read it (bounded), put it in OpenAI's shape when the provider speaks
/// another protocol, and pass it on with the provider named, unless it is a context-length error and a
/// remaining candidate has a larger configured window, which then gets the request.
/// </summary>
internal sealed class RejectedResponseWriter
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public async ValueTask<AttemptResult> WriteAsync(UpstreamAttempt attempt, HttpResponseMessage response, AttemptExchange exchange)
    {
        var context = attempt.Context;
        var upstreamStatus = (int)response.StatusCode;
        byte[] raw;
        try
        {
            attempt.Arm(attempt.Timeouts.Idle);
            raw = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, attempt.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            return attempt.Fail(FailureKind.StreamError, upstreamStatus, null, e);
        }

        var (status, body) = exchange.Error(upstreamStatus, raw);
        if (status == 400 && ContextLength.IsExceeded(System.Text.Encoding.UTF8.GetString(body)))
        {
            var state = attempt.State;
            var table = state.Request.Table;
            var window = table.ContextWindow(attempt.Candidate.Provider, attempt.Model) ?? 0;
            if (state.Plan.Remaining.Any(c => table.ContextWindow(c.Provider, c.UpstreamModel ?? state.Request.Envelope.Model) > window))
            {
                state.MinContextWindow = window;
                state.AddFailure(attempt.Provider, FailureKind.ContextLength, status, retryAfter: null);
                return attempt.Finish(AttemptEnd.ContextLength, FailureKind.ContextLength, status);
            }
        }

        if (!attempt.TryClaim())
        {
            return attempt.Finish(AttemptEnd.HedgeLost); // the other attempt of a hedged run answered first
        }

        ClientResponse.Commit(attempt, response, keepContentLength: false);
        context.Response.StatusCode = status;
        if (!ReferenceEquals(body, raw))
        {
            context.Response.ContentType = "application/json";
        }

        var result = attempt.Finish(AttemptEnd.PassedBack, status: status);
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left; the answer was the provider's, not a failure.
        }

        return result;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while (buffer.Length < limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
