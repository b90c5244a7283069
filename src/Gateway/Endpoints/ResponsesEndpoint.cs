using Gateway.Contracts;
using Gateway.Conversations;
using Gateway.Operations;
using Gateway.Protocols.Responses;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// OpenAI's Responses API. <c>POST /v1/responses</c> goes through the dispatch pipeline (its operation's hook,
/// <see cref="ResponsesHook"/>, bridges, continues and stores conversations). <c>GET</c> and <c>DELETE</c> serve the
/// responses the gateway keeps, per owner and key.
/// </summary>
internal sealed class ResponsesEndpoint(OpenAIProxyEndpoint proxy, StoredResponses stored)
{
    public Task CreateAsync(HttpContext context) => proxy.HandleAsync(context, ResponsesOperation.Instance);

    public async Task RetrieveAsync(HttpContext context, string id)
    {
        var found = await FindAsync(context, id).ConfigureAwait(false);
        if (found is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(found.Response, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(HttpContext context, string id)
    {
        var found = await FindAsync(context, id).ConfigureAwait(false);
        if (found is not null)
        {
            await stored.DeleteAsync(found, context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsJsonAsync(new DeletedResponse(id), GatewayJsonContext.Default.DeletedResponse, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The caller's stored response (the owner's, and of the key that made it), or a 404 written.</summary>
    private async ValueTask<StoredResponse?> FindAsync(HttpContext context, string id)
    {
        var found = ResponsesOperation.IsValidId(id)
            ? await stored.LoadAsync(id, GatewayClaims.OwnerOf(context.User) ?? "", GatewayClaims.KeyIdOf(context.User), context.TraceIdentifier, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (found is null)
        {
            await ResultWriter.WriteAsync(context, new Refusal(404, "not_found", $"No response found with id '{Telemetry.LogText.Safe(id, 128)}'.")).ConfigureAwait(false);
        }

        return found;
    }
}
