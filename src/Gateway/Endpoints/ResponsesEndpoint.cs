using Gateway.Contracts;
using Gateway.Conversations;
using Gateway.Forwarding;
using Gateway.Operations;
using Gateway.Protocols.Responses;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Endpoints;

/// <summary>
/// OpenAI's Responses API. <c>POST /v1/responses</c> goes through the common proxy path; providers serving the API get
/// it as it came, the others through a <see cref="ResponsesBridge"/>. A <c>previous_response_id</c> the gateway holds
/// sends every candidate through the bridge with that conversation; one it does not hold can only be a native
/// provider's, so only those are tried. <c>GET</c> and <c>DELETE</c> serve the responses the gateway keeps, per owner and
/// key. The history a continuation replays counts against the request body limit, as if the client had sent it.
/// </summary>
internal sealed partial class ResponsesEndpoint(OpenAIProxyEndpoint proxy, IConversationStore store, Configuration.GatewayOptions options, TimeProvider time, ILogger<ResponsesEndpoint> logger)
{
    public Task CreateAsync(HttpContext context) => proxy.HandleAsync(context, ResponsesOperation.Instance, PrepareAsync);

    public async Task RetrieveAsync(HttpContext context, string id)
    {
        var stored = await FindAsync(context, id).ConfigureAwait(false);
        if (stored is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(stored.Response, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        var stored = await FindAsync(context, id).ConfigureAwait(false);
        if (stored is not null)
        {
            await store.DeleteAsync(stored, context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(new DeletedResponse(id), GatewayJsonContext.Default.DeletedResponse, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async ValueTask<CandidateSet?> PrepareAsync(GatewayRequest request, CandidateSet candidates)
    {
        var context = request.Context;
        if (JsonText.Problem(request.Body.Span) is { } problem)
        {
            // Every string is decoded and every level read on the way to a chat provider: refuse here what cannot be.
            await OpenAIError.WriteAsync(context, 400, problem, ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
            return null;
        }

        var (previousId, keep) = ResponsesOperation.ReadState(request.Body.Span);
        StoredResponse? previous = null;
        if (previousId is not null)
        {
            previous = ResponsesOperation.IsValidId(previousId) ? await LoadAsync(context, previousId).ConfigureAwait(false) : null;
            if (previous is null)
            {
                // Not the gateway's: only a provider that keeps responses itself can know it.
                return await NativesOrRejectAsync(context, candidates, $"Previous response with id '{Telemetry.LogText.Safe(previousId, 128)}' not found.", "previous_response_not_found").ConfigureAwait(false);
            }

            if ((long)request.Body.Length + previous.Messages.LongLength > options.MaxRequestBodyBytes)
            {
                // The chat provider gets the whole conversation: it is the request, whoever holds its first part.
                await OpenAIError.WriteAsync(context, 413, $"Request body too large: this request with the history of '{Telemetry.LogText.Safe(previousId, 128)}' it continues ({previous.Messages.LongLength} bytes) is over the limit of {options.MaxRequestBodyBytes} bytes.",
                    ErrorTypes.InvalidRequest, "request_too_large").ConfigureAwait(false);
                return null;
            }
        }

        var owner = GatewayClaims.OwnerOf(context.User) ?? "";
        var keyId = GatewayClaims.KeyIdOf(context.User);
        var body = request.Body.Memory;
        var referenced = false;
        if (ItemReferences.Present(body.Span))
        {
            byte[]? resolved;
            try
            {
                resolved = await ItemReferences.ResolveAsync(body, id => FindItemAsync(context, id)).ConfigureAwait(false);
            }
            catch (System.Text.Json.JsonException)
            {
                await OpenAIError.WriteAsync(context, 400, "The request's 'input' is nested too deeply.", ErrorTypes.InvalidRequest, "invalid_request").ConfigureAwait(false);
                return null;
            }

            if (resolved is null)
            {
                // A reference the gateway does not hold can only be a native provider's.
                return await NativesOrRejectAsync(context, candidates, "An item_reference names an item that was not found.", "item_not_found").ConfigureAwait(false);
            }

            (body, referenced) = (resolved, true);
        }

        var responseContext = new ResponseContext(ResponsesOperation.NewId(), time.GetUtcNow().ToUnixTimeSeconds(), request.Envelope.Model, request.Body.Memory);
        Func<CompletedResponse, byte[], ValueTask>? save = keep
            ? (done, messages) => SaveAsync(new StoredResponse(responseContext.Id, owner, done.Response, JsonArrays.Concat(messages, done.OutputMessages), ItemReferences.OutputIds(done.Response), keyId), context)
            : null;
        request.Bridge = new ResponsesBridge(body, previous?.Messages, responseContext, save, options.Translation.Strict);
        request.AlwaysBridge = previous is not null || referenced;
        return candidates;
    }

    private static async ValueTask<CandidateSet?> NativesOrRejectAsync(HttpContext context, CandidateSet candidates, string message, string code)
    {
        var natives = candidates.Candidates.ToArray().Where(c => c.Provider.Adapter.ServesNatively(Providers.UpstreamOperation.Responses)).ToArray();
        if (natives.Length == 0)
        {
            await OpenAIError.WriteAsync(context, 400, message, ErrorTypes.InvalidRequest, code).ConfigureAwait(false);
            return null;
        }

        return natives.Length == candidates.Count ? candidates : new CandidateSet(candidates.Name + "|responses-native", natives);
    }

    private async ValueTask<System.Text.Json.Nodes.JsonNode?> FindItemAsync(HttpContext context, string id)
    {
        try
        {
            var stored = ResponsesOperation.IsValidId(id) ? await store.GetByItemAsync(id, context.RequestAborted).ConfigureAwait(false) : null;
            return stored is not null && ReadableBy(stored, context) ? ItemReferences.Find(stored.Response, id) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LoadFailed(logger, e.GetType().Name, context.TraceIdentifier);
            return null;
        }
    }

    private async ValueTask SaveAsync(StoredResponse response, HttpContext context)
    {
        try
        {
            await store.SaveAsync(response, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The answer is good; only its continuation is lost. Never fail the client for the store.
            Log.SaveFailed(logger, e.GetType().Name, context.TraceIdentifier);
        }
    }

    private async ValueTask<StoredResponse?> LoadAsync(HttpContext context, string id)
    {
        try
        {
            var stored = await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
            return stored is not null && ReadableBy(stored, context) ? stored : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LoadFailed(logger, e.GetType().Name, context.TraceIdentifier);
            return null;
        }
    }

    /// <summary>The owner's, and of the key that made it: keys that share an owner (every configured key without one is 'static') do not read each other's.</summary>
    private static bool ReadableBy(StoredResponse stored, HttpContext context) =>
        stored.ReadableBy(GatewayClaims.OwnerOf(context.User) ?? "", GatewayClaims.KeyIdOf(context.User));

    private async ValueTask<StoredResponse?> FindAsync(HttpContext context, string id)
    {
        var stored = ResponsesOperation.IsValidId(id) ? await LoadAsync(context, id).ConfigureAwait(false) : null;
        if (stored is null)
        {
            await OpenAIError.WriteAsync(context, 404, $"No response found with id '{Telemetry.LogText.Safe(id, 128)}'.", ErrorTypes.InvalidRequest, "not_found").ConfigureAwait(false);
        }

        return stored;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "A response could not be stored ({Error}); its previous_response_id will not be found; request {RequestId}")]
        public static partial void SaveFailed(ILogger logger, string error, string requestId);

        [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Stored responses could not be read ({Error}); request {RequestId}")]
        public static partial void LoadFailed(ILogger logger, string error, string requestId);
    }
}
