using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.FakeUpstream;

/// <summary>
/// OpenAI's Responses API: <c>POST /v1/responses</c> (JSON or a stream of typed events), <c>GET</c> and <c>DELETE
/// /v1/responses/{id}</c>, with responses kept in memory so previous_response_id continues a conversation. Azure
/// serves the same API at <c>/openai/v1/responses</c> (and the older preview path <c>/openai/responses</c>), with the
/// deployment name as the body's model.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);
    private int _responseCount;

    /// <summary>Responses the fake holds (created with store not false, not deleted).</summary>
    public IReadOnlyCollection<string> StoredResponseIds => [.. _responses.Keys];

    private void MapResponses(IEndpointRouteBuilder app)
    {
        foreach (var prefix in (string[])["/v1/responses", "/openai/v1/responses", "/openai/responses"])
        {
            app.MapPost(prefix, CreateResponseAsync);
            app.MapGet(prefix + "/{id}", (HttpContext context, string id) => StoredResponseAsync(context, id, delete: false));
            app.MapDelete(prefix + "/{id}", (HttpContext context, string id) => StoredResponseAsync(context, id, delete: true));
        }
    }

    private async Task CreateResponseAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var root = body?.RootElement ?? default;
            if (PlanResponse(root, response) is not { } plan)
            {
                var previous = FakeTools.String(root, "previous_response_id");
                await OpenAIErrorAsync(context, 400, $"Previous response with id '{previous}' not found.", "previous_response_id", "previous_response_not_found").ConfigureAwait(false);
                return;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True)
            {
                await ResponseStreamAsync(context, response, plan).ConfigureAwait(false);
                return;
            }

            var json = ResponseJson(plan, completed: true);
            Store(plan, json);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task StoredResponseAsync(HttpContext context, string id, bool delete)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        body?.Dispose();
        if (await FailAsync(context, response).ConfigureAwait(false))
        {
            return;
        }

        var found = delete ? _responses.TryRemove(id, out var stored) : _responses.TryGetValue(id, out stored);
        if (!found)
        {
            await OpenAIErrorAsync(context, 404, $"Response with id '{id}' not found.", null, null).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(delete ? $$"""{"id":{{Json(id)}},"object":"response","deleted":true}""" : stored!.Json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Keeps a finished response unless the request said <c>"store": false</c>.</summary>
    private void Store(ResponsePlan plan, string json)
    {
        if (!(plan.Request.ValueKind == JsonValueKind.Object && plan.Request.TryGetProperty("store", out var store) && store.ValueKind == JsonValueKind.False))
        {
            _responses[plan.Id] = new StoredResponse(json, plan.Items);
        }
    }

    private static async Task OpenAIErrorAsync(HttpContext context, int status, string message, string? param, string? code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = $$"""{"message":{{Json(message)}},"type":"invalid_request_error","param":{{(param is null ? "null" : Json(param))}},"code":{{(code is null ? "null" : Json(code))}}""" + "}";
        await context.Response.WriteAsync($$"""{"error":{{error}}""" + "}", context.RequestAborted).ConfigureAwait(false);
    }
}
