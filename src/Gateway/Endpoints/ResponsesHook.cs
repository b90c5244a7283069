using Gateway.Contracts;
using Gateway.Conversations;
using Gateway.Operations;
using Gateway.Operations.Responses;
using Gateway.Protocols.Responses;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// The Responses API's operation hook. Prepare: providers serving the API get the body as it came, the others a
/// <see cref="ResponsesBridge"/>; a <c>previous_response_id</c> the gateway holds sends every candidate through the
/// bridge with that conversation, one it does not hold can only be a native provider's, so only those are kept (the
/// natives filter); item references are replaced by the stored items the same way. The history a continuation replays
/// counts against the request body limit, as if the client had sent it. Complete: unless the client said
/// <c>"store": false</c>, the translated answer is stored with its whole conversation and the provider that answered
/// before the response ends for the client, so a next turn on any replica finds it (and, under prompt-cache affinity,
/// goes to that provider first: <see cref="Prepared.PreferredProvider"/>).
/// </summary>
internal sealed class ResponsesHook(StoredResponses stored, Configuration.GatewayOptions options, TimeProvider time) : IOperationHook
{
    public IReadOnlyList<GatewayOperation> Operations { get; } = [ResponsesOperation.Instance];

    public async ValueTask<Preparation> PrepareAsync(OperationRequest request)
    {
        if (JsonText.Problem(request.Body.Span) is { } problem)
        {
            // Every string is decoded and every level read on the way to a chat provider: refuse here what cannot be.
            return Preparation.Refuse(400, "invalid_request", problem);
        }

        var (previousId, keep) = ResponsesOperation.ReadState(request.Body.Span);
        StoredResponse? previous = null;
        if (previousId is not null)
        {
            previous = ResponsesOperation.IsValidId(previousId)
                ? await stored.LoadAsync(previousId, request.Owner, request.KeyId, request.RequestId, request.Aborted).ConfigureAwait(false)
                : null;
            if (previous is null)
            {
                // Not the gateway's: only a provider that keeps responses itself can know it.
                return NativesOnly(new Refusal(400, "previous_response_not_found", $"Previous response with id '{Telemetry.LogText.Safe(previousId, 128)}' not found."));
            }

            if ((long)request.Body.Length + previous.Messages.LongLength > options.MaxRequestBodyBytes)
            {
                // The chat provider gets the whole conversation: it is the request, whoever holds its first part.
                return Preparation.Refuse(413, "request_too_large", $"Request body too large: this request with the history of '{Telemetry.LogText.Safe(previousId, 128)}' it continues ({previous.Messages.LongLength} bytes) is over the limit of {options.MaxRequestBodyBytes} bytes.");
            }
        }

        var body = request.Body;
        var referenced = false;
        if (ItemReferences.Present(request.Body.Span))
        {
            byte[]? resolved;
            try
            {
                resolved = await ItemReferences.ResolveAsync(body, id => FindItemAsync(request, id)).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                return Preparation.Refuse(400, "invalid_request", "The request's 'input' is nested too deeply.");
            }

            if (resolved is null)
            {
                // A reference the gateway does not hold can only be a native provider's.
                return NativesOnly(new Refusal(400, "item_not_found", "An item_reference names an item that was not found."));
            }

            (body, referenced) = (resolved, true);
        }

        var responseContext = new ResponseContext(ResponsesOperation.NewId(), time.GetUtcNow().ToUnixTimeSeconds(), request.Envelope.Model, request.Body);
        return Preparation.Ready(new Prepared
        {
            Bridge = new ResponsesBridge(body, previous?.Messages, responseContext, options.Translation.Strict),
            AlwaysBridge = previous is not null || referenced,
            State = keep ? new Keep(responseContext.Id) : null,
            PreferredProvider = previous?.Provider,
        });
    }

    /// <summary>Stores the translated answer with its conversation, when the client did not say <c>"store": false</c>.</summary>
    public ValueTask CompleteAsync(OperationRequest request, Prepared prepared, string? servedBy)
    {
        if (prepared.State is not Keep keep || prepared.Bridge is not ResponsesBridge { Completed: { } done })
        {
            return ValueTask.CompletedTask; // not kept, answered natively, or never completed
        }

        var (response, messages) = done;
        return stored.SaveAsync(new StoredResponse(keep.Id, request.Owner, response.Response, JsonArrays.Concat(messages, response.OutputMessages), ItemReferences.OutputIds(response.Response), request.KeyId, servedBy),
            request.RequestId, request.Aborted);
    }

    private static Preparation NativesOnly(Refusal otherwise) =>
        Preparation.Ready(new Prepared { NativesOnly = UpstreamOperation.Responses, WithoutNatives = otherwise });

    private async ValueTask<System.Text.Json.Nodes.JsonNode?> FindItemAsync(OperationRequest request, string id)
    {
        var found = ResponsesOperation.IsValidId(id) ? await stored.FindByItemAsync(id, request.Owner, request.KeyId, request.RequestId, request.Aborted).ConfigureAwait(false) : null;
        return found is null ? null : ItemReferences.Find(found.Response, id);
    }

    /// <summary>The response to store once answered: its id, given before any attempt.</summary>
    private sealed record Keep(string Id);
}
