using System.Globalization;
using System.Text.Json;
using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.Operations;
using Gateway.Outcomes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Forwarding;

/// <summary>What every response writer puts on the client's response: the chosen status and headers, and the stream error event.</summary>
internal static class ClientResponse
{
    /// <summary>Names what a translation left out of the client's request (<c>tools.web_search, tools.local_shell</c>).</summary>
    public const string OmittedHeader = "x-gateway-omitted";

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
        if (attempt.Omitted.Count > 0)
        {
            client.Headers[OmittedHeader] = string.Join(", ", attempt.Omitted);
        }

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

    /// <summary>Ends a stream that broke after its first token with an error event in the operation's format (and no complete end).</summary>
    public static async Task WriteStreamErrorAsync(HttpContext context, GatewayOperation operation, string provider, FailureKind failure)
    {
        var message = $"The stream from provider '{provider}' was interrupted ({FailureKinds.Describe(failure)}); the response is incomplete.";
        var bytes = operation.StreamError(message);
        try
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client left as well; nothing more to tell it.
        }
    }
}
