using Gateway.Accounts.Keys;
using Gateway.Accounts.Limits;
using Gateway.Buffers;
using Gateway.Caching;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Routing;
using Gateway.Selection;
using Gateway.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// The one dispatch pipeline: every surface's endpoint reads and checks its body its own way (JSON, a multipart form,
/// a Gemini path) and hands the request here. In order, each step answering through <see cref="ResultWriter"/> when
/// it refuses: the key's model allow-list, the requested strategy, the operation's hook (<see cref="IOperationHook"/>:
/// prepared or refused), resolution on one routing table (the caller's owner's view, which the attempts use too), the
/// candidate filters (<see cref="CandidateFilters"/>), the gateway's own answer when the operation gives one,
/// the response cache (<see cref="ResponseCache"/>: a hit answers, admitted at no cost), admission, the forwarder,
/// and the operation's outcome (a stored conversation) before the response ends.
/// </summary>
internal sealed class DispatchPipeline(ModelResolver resolver, CandidateFilters filters, OperationHooks hooks, RequestForwarder forwarder, Admission admission,
    KeyStrategies strategies, ResponseCache cache, RoutingDecisionRecorder decisions, IModelAllowList? allowList = null)
{
    /// <summary>The header that pins a request to one provider.</summary>
    public const string ProviderHeader = "X-Gateway-Provider";

    /// <param name="context">The client's request.</param>
    /// <param name="body">The body, read once; the pipeline owns it from here and disposes it when the request is done.</param>
    /// <param name="envelope">What routing needs from the body.</param>
    /// <param name="operation">The operation the endpoint serves.</param>
    /// <param name="formContentType">For a multipart body, the Content-Type with its boundary.</param>
    public async Task DispatchAsync(HttpContext context, PooledBuffer body, RequestEnvelope envelope, GatewayOperation operation, string? formContentType = null)
    {
        try
        {
            var record = context.Features.Get<RequestRecord>();
            if (record is not null)
            {
                record.Model = envelope.Model;
            }

            var pinned = context.Request.Headers[ProviderHeader].ToString();
            var (keyId, owner) = (GatewayClaims.KeyIdOf(context.User), GatewayClaims.OwnerOf(context.User));
            if (allowList is not null && keyId.Length > 0 && !allowList.Allows(keyId, envelope.Model, pinned.Length > 0 ? pinned : null))
            {
                // A managed key's models list: refused before resolution, so nothing about routing leaks and nothing is sent.
                await ResultWriter.WriteAsync(context, new Refusal(403, "permission_denied", "This key is not allowed to use this model.")).ConfigureAwait(false);
                return;
            }

            // The request's strategy: its x-gateway-strategy when its key may choose, else its key's default (null: the rotation).
            var named = context.Request.Headers[StrategyCatalog.Header].ToString();
            var choice = strategies.Choose(keyId.Length > 0 ? keyId : null, named);
            if (choice.Refused)
            {
                await ResultWriter.WriteAsync(context, new Refusal(choice.Status, choice.Code!, choice.Message!)).ConfigureAwait(false);
                return;
            }

            var chosen = choice.Strategy;

            var hook = hooks.For(operation);
            var operationRequest = hook is null ? null : new OperationRequest(operation, body.Memory, envelope, owner ?? "", keyId, context.TraceIdentifier, context.RequestAborted);
            var prepared = Prepared.AsIs;
            if (hook is not null)
            {
                var preparation = await hook.PrepareAsync(operationRequest!).ConfigureAwait(false);
                if (preparation.Prepared is not { } made)
                {
                    await ResultWriter.WriteAsync(context, preparation.Refusal!).ConfigureAwait(false);
                    return;
                }

                prepared = made;
                ResultWriter.Add(context.Response.Headers, prepared.Headers);
                if (prepared.Content is { } content)
                {
                    envelope = envelope with { Content = content }; // what the hook read (a Gemini body's parts)
                }
            }

            var table = resolver.Table.For(owner); // one table (the caller's owner's view) for the resolution and every attempt
            var query = new CandidateQuery(table, operation.Kind, envelope.Content)
            {
                NativesOnly = prepared.NativesOnly,
                WithoutNatives = prepared.WithoutNatives,
            };
            var resolution = filters.Apply(table.Resolve(envelope.Model, pinned.Length > 0 ? pinned : null), query, out var filtered);
            if (resolution.Refusal is { } refused)
            {
                await ResultWriter.WriteAsync(context, refused).ConfigureAwait(false);
                return;
            }

            if (prepared.Answer is { } answer && (resolution.Candidates is null || prepared.NativesOnly is null))
            {
                await ResultWriter.WriteAsync(context, answer(context.RequestAborted)).ConfigureAwait(false);
                return;
            }

            var candidates = resolution.Candidates ?? throw new InvalidOperationException($"{operation.Path}: no candidate kept and no answer of the operation's own.");

            // Neither the request nor its key chose: the tier's own strategy, when it has one, else the rotation.
            var source = chosen is null ? "rotation" : named.Length > 0 ? "request" : "key";
            if (chosen is null && strategies.AnyTier && envelope.Model is { } model && strategies.ForTier(table.TierOf(model)) is { } byTier)
            {
                (chosen, source) = (byTier, "tier");
            }

            // What served the request, its attempts and tokens reach the record through the attempts' outcomes.
            var request = new GatewayRequest(context, body, envelope, operation, record)
            {
                FormContentType = formContentType,
                Strategy = chosen,
                StrategySource = source,
                QueueKey = keyId,
                Filtered = filtered,
                Table = table,
                Bridge = prepared.Bridge,
                AlwaysBridge = prepared.AlwaysBridge,
                NativeBody = prepared.NativeBody is { } native ? new RewrittenBody(native.Body, native.Envelope) : null,
                PreferredProvider = prepared.PreferredProvider,
            };

            // The response cache, when it is on for the request (null otherwise): a hit is admitted at no cost.
            var cached = await cache.LookupAsync(request, candidates, keyId.Length > 0 ? keyId : null, owner).ConfigureAwait(false);
            if (cached?.Refusal is { } invalid)
            {
                await ResultWriter.WriteAsync(context, invalid).ConfigureAwait(false);
                return;
            }

            // Admission after every other refusal (nothing is reserved for a request answered 4xx above), before any attempt:
            // bounded on every candidate, with what a bridge sends (its mapped body, a stored conversation's turns).
            var (sent, history) = prepared.Bridge?.Input ?? default;
            var admitted = await admission.AdmitAsync(keyId.Length > 0 ? keyId : null, owner,
                new AdmissionRequest(sent.IsEmpty ? body.Memory : sent, history, candidates, envelope.Model, operation.Kind, Free: cached?.IsHit == true), context.RequestAborted).ConfigureAwait(false);
            if (admitted.Ticket is not { } ticket)
            {
                if (admitted.Refusal is { } refusal)
                {
                    await ResultWriter.WriteAsync(context, refusal).ConfigureAwait(false);
                }

                return;
            }

            context.Features.Set(ticket);
            ResultWriter.OnStarting(context, admitted.Headers);
            request.Ticket = ticket;
            request.CountsPassedTokens = ticket.Reservation is not null;

            try
            {
                await (cached is null ? forwarder.ForwardAsync(request, candidates) : cache.ServeAsync(cached, request, candidates, ticket, forwarder.ForwardAsync)).ConfigureAwait(false);
                if (cached?.IsHit == true)
                {
                    decisions.RecordCacheHit(request, candidates); // answered from the response cache: no candidate was needed
                }

                if (hook is not null)
                {
                    await hook.CompleteAsync(operationRequest!, prepared, request.ServedBy).ConfigureAwait(false);
                }
            }
            finally
            {
                // The answer is complete: settling (a Redis round trip with replicas) need not hold the request up.
                _ = ticket.SettleAsync().AsTask();
            }
        }
        finally
        {
            body.Dispose(); // the request is done with its body: answered, refused or forwarded
        }
    }

    /// <summary>The refusal when <see cref="RequestBodyReader"/> returned no body: 413 over the cap, else the reader's status.</summary>
    public static Refusal Unreadable(int status, long limit) =>
        status == 413
            ? new Refusal(413, "request_too_large", $"Request body too large: the limit is {limit} bytes.")
            : new Refusal(status, "invalid_body", "The request body could not be read.");
}
