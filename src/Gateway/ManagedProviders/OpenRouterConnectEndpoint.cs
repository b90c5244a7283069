using System.Text.Json;
using Gateway.Contracts;
using Gateway.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Gateway.ManagedProviders;

/// <summary>
/// OpenRouter connect for owners: the seed's <c>POST /api/ai-providers/openrouter/exchange</c> (<c>code</c>,
/// <c>codeVerifier</c>, <c>codeChallengeMethod</c>), and a server-driven flow for a console:
/// <c>GET .../openrouter/connect?callback_url=...</c> answers the authorization URL and a state;
/// <c>POST .../openrouter/callback</c> (<c>code</c>, <c>state</c>) completes it.
/// </summary>
internal sealed class OpenRouterConnectEndpoint(ProviderManager manager, OpenRouterKeyClient openRouter)
{
    public Task ExchangeAsync(HttpContext context) => Guard(context, async () =>
    {
        if (await ReadAsync(context).ConfigureAwait(false) is not { } fields)
        {
            return;
        }

        var (id, error) = await manager.ExchangeAsync(openRouter, AiProvidersEndpoint.Owner(context), GatewayClaims.ActorOf(context.User),
            fields.GetValueOrDefault("code"), fields.GetValueOrDefault("codeVerifier"), fields.GetValueOrDefault("codeChallengeMethod"), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : AiProvidersEndpoint.ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task ConnectAsync(HttpContext context) => Guard(context, async () =>
    {
        var callback = context.Request.Query["callback_url"].ToString();
        var (url, state, expires, error) = await manager.BeginConnectAsync(openRouter, AiProvidersEndpoint.Owner(context), callback, context.RequestAborted).ConfigureAwait(false);
        if (error is not null)
        {
            await AiProvidersEndpoint.ErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("url", url!.AbsoluteUri);
            w.WriteString("state", state);
            w.WriteString("codeChallengeMethod", Pkce.Method);
            w.WriteString("expiresAt", ProviderJson.Format(expires));
            w.WriteEndObject();
        }).ConfigureAwait(false);
    });

    public Task CallbackAsync(HttpContext context) => Guard(context, async () =>
    {
        var fields = HttpMethods.IsGet(context.Request.Method)
            ? new Dictionary<string, string?> { ["code"] = context.Request.Query["code"], ["state"] = context.Request.Query["state"] }
            : await ReadAsync(context).ConfigureAwait(false);
        if (fields is null)
        {
            return;
        }

        var (id, error) = await manager.CompleteConnectAsync(openRouter, AiProvidersEndpoint.Owner(context), GatewayClaims.ActorOf(context.User),
            fields.GetValueOrDefault("code"), fields.GetValueOrDefault("state"), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : AiProvidersEndpoint.ErrorAsync(context, error)).ConfigureAwait(false);
    });

    private static Task Guard(HttpContext context, Func<Task> handler) => ProviderApiResponses.GuardAsync(context, handler, AiProvidersEndpoint.ErrorAsync);

    /// <summary>The body's string fields, or null after answering 400 in the seed's shape.</summary>
    private static async Task<Dictionary<string, string?>?> ReadAsync(HttpContext context)
    {
        if (await ProviderApiResponses.ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
        }

        await AiProvidersEndpoint.ErrorAsync(context, ApiError.Invalid("The request body must be a JSON object.")).ConfigureAwait(false);
        return null;
    }
}
