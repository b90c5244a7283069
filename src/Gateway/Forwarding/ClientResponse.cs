using System.Globalization;
using System.Text.Json;
using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Outcomes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>What every response writer puts on the client's response: the chosen status and headers, and the stream error event.</summary>
internal static class ClientResponse
{
    /// <summary>Status and allowed headers of the chosen response, plus the gateway's own headers. Nothing is sent yet.</summary>
    public static void Commit(UpstreamAttempt attempt, HttpResponseMessage response, bool keepContentLength)
    {
        var client = attempt.Context.Response;
        client.StatusCode = (int)response.StatusCode;
        ResponseHeaders.Copy(response, client, keepContentLength);
        client.Headers["x-gateway-provider"] = attempt.Provider;
        if (attempt.Model.Length <= 1024 && ResponseHeaders.IsSafeValue(attempt.Model))
        {
            client.Headers["x-gateway-model"] = attempt.Model;
        }

        client.Headers["x-gateway-attempts"] = attempt.State.Attempts.ToString(CultureInfo.InvariantCulture);
        attempt.Committed = true;
    }

    /// <summary>Takes back a commit nothing of which was sent, so the next candidate can answer instead.</summary>
    public static void Retract(UpstreamAttempt attempt)
    {
        var context = attempt.Context;
        context.Response.Clear();
        context.Response.Headers["x-request-id"] = context.TraceIdentifier;
        attempt.Committed = false;
    }

    /// <summary>Ends a stream that broke after its first token with an OpenAI-style error event (and no <c>[DONE]</c>).</summary>
    public static async Task WriteStreamErrorAsync(HttpContext context, string provider, FailureKind failure)
    {
        using var buffer = new PooledBuffer(512);
        buffer.Append("data: "u8);
        using (var writer = new Utf8JsonWriter(new PooledBufferWriter(buffer)))
        {
            OpenAIError.WriteBody(writer, $"The stream from provider '{provider}' was interrupted ({FailureKinds.Describe(failure)}); the response is incomplete.", ErrorTypes.Server, "stream_interrupted");
        }

        buffer.Append("\n\n"u8);
        try
        {
            await context.Response.Body.WriteAsync(buffer.Memory, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left as well; nothing more to tell it.
        }
    }
}
