using Gateway.Accounts.Limits;
using Gateway.Buffers;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// What every proxy endpoint does once it has read and checked its body its own way (JSON, a multipart form): note
/// the model for the access log, resolve it to candidates on one routing table, leave out those whose protocol cannot
/// serve the operation, let the surface prepare the request, and hand over to the forwarder; or answer why nobody can
/// (in the surface's error shape).
/// </summary>
internal sealed class ProxyDispatch(ModelResolver resolver, RequestForwarder forwarder, Admission admission, KeyStrategies strategies, Accounts.Keys.IModelAllowList? allowList = null,
    Accounts.ProviderUsage.ProviderUsageGate? usage = null)
{
    /// <param name="context">The client's request.</param>
    /// <param name="body">The body, read once; the caller disposes it after this completes.</param>
    /// <param name="envelope">What routing needs from the body.</param>
    /// <param name="operation">The operation the endpoint serves.</param>
    /// <param name="formContentType">For a multipart body, the Content-Type with its boundary.</param>
    /// <param name="prepare">A surface's step between resolution and forwarding (<see cref="OpenAIProxyEndpoint.Preparation"/>).</param>
    public async Task ForwardAsync(HttpContext context, PooledBuffer body, RequestEnvelope envelope, GatewayOperation operation, string? formContentType = null,
        OpenAIProxyEndpoint.Preparation? prepare = null)
    {
        var record = context.Features.Get<RequestRecord>();
        if (record is not null)
        {
            record.Model = envelope.Model;
        }

        var pinned = context.Request.Headers[OpenAIProxyEndpoint.ProviderHeader].ToString();
        var (keyId, owner) = (context.User.FindFirst(GatewayClaims.KeyId)?.Value, GatewayClaims.OwnerOf(context.User));
        if (allowList is not null && keyId is not null && !allowList.Allows(keyId, envelope.Model, pinned.Length > 0 ? pinned : null))
        {
            // A managed key's models list: refused before resolution, so nothing about routing leaks and nothing is sent.
            await OpenAIError.WriteAsync(context, 403, "This key is not allowed to use this model.", ErrorTypes.Permission, "permission_denied").ConfigureAwait(false);
            return;
        }

        // The request's strategy: its x-gateway-strategy when its key may choose, else its key's default (null: the rotation).
        var choice = strategies.Choose(keyId, context.Request.Headers[StrategyCatalog.Header].ToString());
        if (choice.Refused)
        {
            await OpenAIError.WriteAsync(context, choice.Status, choice.Message!, choice.Status == 403 ? ErrorTypes.Permission : ErrorTypes.InvalidRequest, choice.Code).ConfigureAwait(false);
            return;
        }

        var chosen = choice.Strategy;

        var table = resolver.Table.For(owner); // one table (the caller's owner's view) for the whole resolution
        var resolution = table.Resolve(envelope.Model, pinned.Length > 0 ? pinned : null);
        (CandidateSet? Resolved, CandidateSet? Able, CandidateSet? WithinLimits) filters = default;
        if (resolution.Candidates is { } resolved)
        {
            resolution = table.Narrow(resolved, operation.Kind, envelope.Content);
            var able = resolution.Candidates;
            resolution = usage?.Filter(resolution) ?? resolution; // providers over their usage limit leave the candidates
            filters = (resolved, able, resolution.Candidates);
        }

        if (resolution.Candidates is null)
        {
            if (resolution.Providers is { } providers)
            {
                context.Response.Headers["x-gateway-provider"] = providers;
            }

            if (resolution.Status == 429 && usage is not null)
            {
                await usage.WriteAsync(context, resolution).ConfigureAwait(false);
                return;
            }

            await OpenAIError.WriteAsync(context, resolution.Status, resolution.Message!, resolution.Status == 503 ? ErrorTypes.ServiceUnavailable : ErrorTypes.InvalidRequest, resolution.Code).ConfigureAwait(false);
            return;
        }

        // What served the request, its attempts and tokens reach the record through the attempts' outcomes.
        var request = new GatewayRequest(context, body, envelope, operation, record)
        {
            FormContentType = formContentType, Strategy = chosen, QueueKey = keyId ?? "", Filters = filters,
            StrategySource = chosen is null ? "rotation" : context.Request.Headers[StrategyCatalog.Header].Count > 0 ? "request" : "key",
        };
        var candidates = prepare is null ? resolution.Candidates : await prepare(request, resolution.Candidates).ConfigureAwait(false);
        if (candidates is null)
        {
            return;
        }

        // Admission after every other refusal (nothing is reserved for a request answered 4xx above), before any attempt:
        // bounded on every candidate, with what a bridge sends (its mapped body, a stored conversation's turns).
        var (sent, history) = request.Bridge?.Input ?? default;
        var ticket = await admission.AdmitAsync(context, keyId, owner,
            new AdmissionRequest(sent.IsEmpty ? body.Memory : sent, history, candidates, envelope.Model, operation.Kind)).ConfigureAwait(false);
        if (ticket is null)
        {
            return;
        }

        request.Ticket = ticket;
        request.CountsPassedTokens = ticket.Reservation is not null;

        try
        {
            await forwarder.ForwardAsync(request, candidates).ConfigureAwait(false);
        }
        finally
        {
            // The answer is complete: settling (a Redis round trip with replicas) need not hold the request up.
            _ = ticket.SettleAsync().AsTask();
        }
    }

    /// <summary>The answer when <see cref="RequestBodyReader"/> returned no body: 413 over the cap, else the reader's status.</summary>
    public static Task WriteUnreadableAsync(HttpContext context, int status, long limit) =>
        status == 413
            ? OpenAIError.WriteAsync(context, 413, $"Request body too large: the limit is {limit} bytes.", ErrorTypes.InvalidRequest, "request_too_large")
            : OpenAIError.WriteAsync(context, status, "The request body could not be read.", ErrorTypes.InvalidRequest, "invalid_body");
}
