using System.Buffers;
using System.Globalization;
using Gateway.Health;
using Gateway.Providers;
using Gateway.Usage;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>Non-streaming responses: a success or a non-retryable upstream error, copied to the client chunk by chunk.</summary>
internal sealed partial class UpstreamForwarder
{
    private const int CopyBufferSize = 16 * 1024;

    private const int MaxErrorBodyBytes = 64 * 1024;

    private async ValueTask<AttemptResult> CopyAsync(UpstreamAttempt attempt, HttpResponseMessage response, IProtocolTranslator? translator)
    {
        var context = attempt.State.Request.Context;
        var name = attempt.Candidate.Provider.Name;
        var latency = attempt.HeadersLatency;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        var success = response.IsSuccessStatusCode;
        var tail = success ? new TailBuffer() : null;
        try
        {
            // Read the first chunk before committing, so an upstream that dies right after its headers still fails over.
            int read;
            try
            {
                attempt.Arm(attempt.Candidate.Provider.Options.Timeouts.Idle, time);
                var raw = await response.Content.ReadAsStreamAsync(attempt.Token).ConfigureAwait(false);
                await using var body = translator?.TranslateResponse(raw, stream: false) ?? raw;
                read = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
                Commit(attempt, response, keepContentLength: translator is null);
                while (read > 0)
                {
                    tail?.Push(buffer.AsSpan(0, read));
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                    attempt.Arm(attempt.Candidate.Provider.Options.Timeouts.Idle, time);
                    read = await body.ReadAsync(buffer, attempt.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return Abandon(attempt);
                }

                var kind = e is OperationCanceledException ? attempt.TimeoutKind(FailureKind.IdleTimeout, time) : FailureKind.StreamError;
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.Headers["x-request-id"] = context.TraceIdentifier;
                    return Fail(attempt, kind, status: 0, retryAfter: null, e);
                }

                // Part of the body is out: the client must not mistake the rest for a complete response.
                Record(attempt, AttemptOutcome.Failed(FailureKind.StreamTruncated, latency));
                Measure(attempt, ForwardingState.Reason(FailureKind.StreamTruncated), ForwardingState.ErrorType(FailureKind.StreamTruncated));
                Log.ResponseTruncated(logger, name, ForwardingState.Describe(kind), context.TraceIdentifier);
                Served(attempt, null, success: false);
                context.Abort();
                return AttemptResult.Committed;
            }

            // A 4xx the provider gave about the request says nothing bad about the provider's health.
            Record(attempt, AttemptOutcome.Success(latency));
            Measure(attempt, success ? "success" : "client_error", success ? null : "4xx");
            Served(attempt, tail is null ? null : UsageParser.FindLast(tail.Span), success);
            return AttemptResult.Committed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A 4xx (or other non-retryable) answer: read it (bounded), put it in OpenAI's shape when the provider speaks
    /// another protocol, and pass it on with the provider named, unless it is a context-length error and a
    /// remaining candidate has a larger configured window, which then gets the request.
    /// </summary>
    private async ValueTask<AttemptResult> RejectAsync(UpstreamAttempt attempt, HttpResponseMessage response, IProtocolTranslator? translator)
    {
        var context = attempt.State.Request.Context;
        var name = attempt.Candidate.Provider.Name;
        byte[] raw;
        try
        {
            attempt.Arm(attempt.Candidate.Provider.Options.Timeouts.Idle, time);
            raw = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, attempt.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            return Fail(attempt, context.RequestAborted.IsCancellationRequested ? FailureKind.None : FailureKind.StreamError, (int)response.StatusCode, null, e);
        }

        var (status, body) = translator?.TranslateError((int)response.StatusCode, raw)
            ?? ((int)response.StatusCode, Providers.OpenAICompatible.OpenAIErrorNormalizer.Normalize((int)response.StatusCode, raw));
        Record(attempt, AttemptOutcome.Success(attempt.HeadersLatency));
        if (status == 400 && ContextLength.IsExceeded(System.Text.Encoding.UTF8.GetString(body)))
        {
            var window = resolver.ContextWindow(attempt.Candidate.Provider, attempt.Model) ?? 0;
            var state = attempt.State;
            if (state.Plan.Remaining.Any(c => resolver.ContextWindow(c.Provider, c.UpstreamModel ?? state.Request.Envelope.Model) > window))
            {
                state.MinContextWindow = window;
                state.AddFailure(name, FailureKind.ContextLength, status, retryAfter: null);
                Measure(attempt, ForwardingState.Reason(FailureKind.ContextLength), "4xx");
                return AttemptResult.Retryable;
            }
        }

        Commit(attempt, response, keepContentLength: false);
        context.Response.StatusCode = status;
        if (!ReferenceEquals(body, raw))
        {
            context.Response.ContentType = "application/json";
        }

        Measure(attempt, "client_error", "4xx");
        Served(attempt, null, success: false);
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left; the answer was the provider's, not a failure.
        }

        return AttemptResult.Committed;
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

    /// <summary>Status and headers of the chosen response, plus the gateway's own headers. Nothing is sent yet.</summary>
    private static void Commit(UpstreamAttempt attempt, HttpResponseMessage response, bool keepContentLength)
    {
        var client = attempt.State.Request.Context.Response;
        client.StatusCode = (int)response.StatusCode;
        ResponseHeaders.Copy(response, client, keepContentLength);
        client.Headers["x-gateway-provider"] = attempt.Candidate.Provider.Name;
        if (attempt.Model.Length <= 1024 && ResponseHeaders.IsSafeValue(attempt.Model))
        {
            client.Headers["x-gateway-model"] = attempt.Model;
        }
        client.Headers["x-gateway-attempts"] = attempt.State.Attempts.ToString(CultureInfo.InvariantCulture);
    }
}
