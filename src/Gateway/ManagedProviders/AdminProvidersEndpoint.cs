using System.Text.Json;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.Providers;
using Microsoft.AspNetCore.Http;

namespace Gateway.ManagedProviders;

/// <summary>
/// <c>/admin/providers</c>: the provider API's operations on global providers (no owner) and on any owner's, with the
/// admin key. Configured providers (file, environment) are listed read-only. Errors in the admin API's OpenAI shape.
/// </summary>
internal sealed class AdminProvidersEndpoint(ProviderManager manager, ManagedProviderSource source, ILiveCatalog live, Configuration.GatewayOptionsMonitor configuration)
{
    public Task ListAsync(HttpContext context) => Guard(context, async () =>
    {
        var owner = context.Request.Query["owner"].ToString();
        var records = await manager.ListAsync(ProviderManager.AnyOwner, owner.Length > 0 ? owner : null, context.RequestAborted).ConfigureAwait(false);
        var problems = source.Problems;
        await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("providers");
            foreach (var record in records)
            {
                ProviderJson.Write(w, record, problems.GetValueOrDefault(record.Id), withOwner: true);
            }

            w.WriteEndArray();
            w.WriteStartArray("configured");
            foreach (var provider in owner.Length > 0 ? [] : configuration.Current.Providers)
            {
                WriteConfigured(w, provider);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    });

    public Task GetAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (configuration.Current.Providers.FirstOrDefault(p => p.Name == id) is { } configured)
        {
            await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("provider");
                WriteConfigured(w, configured);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        var (record, error) = await manager.GetAsync(id, ProviderManager.AnyOwner, context.RequestAborted).ConfigureAwait(false);
        await (record is null ? ErrorAsync(context, error!) : AiProvidersEndpoint.WriteOneAsync(context, record, source.Problems.GetValueOrDefault(record.Id), withOwner: true)).ConfigureAwait(false);
    });

    public Task CreateAsync(HttpContext context) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var (id, error) = await manager.CreateAsync(input, input.Owner, GatewayClaims.ActorOf(context.User), admin: true, context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id, 201) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task UpdateAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ReadOnlyAsync(context, id).ConfigureAwait(false) || await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var error = input.HasOwner
            ? ApiError.Invalid("owner cannot be changed: delete the provider and create it for the new owner.")
            : await manager.UpdateAsync(id, input, ProviderManager.AnyOwner, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task DeleteAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ReadOnlyAsync(context, id).ConfigureAwait(false))
        {
            return;
        }

        var error = await manager.DeleteAsync(id, ProviderManager.AnyOwner, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task RotateKeyAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ReadOnlyAsync(context, id).ConfigureAwait(false) || await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var error = await manager.RotateKeyAsync(id, input.ApiKey, ProviderManager.AnyOwner, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    /// <summary>An API error as the admin API's OpenAI-style error (<c>PROVIDER_NOT_FOUND</c> as code <c>provider_not_found</c>).</summary>
    public static Task ErrorAsync(HttpContext context, ApiError error) => OpenAIError.WriteAsync(context, error.Status, error.Message,
        error.Status switch { 503 => ErrorTypes.ServiceUnavailable, >= 500 => ErrorTypes.Server, 429 => ErrorTypes.RateLimit, _ => ErrorTypes.InvalidRequest },
        error.Code.ToLowerInvariant());

    private static Task Guard(HttpContext context, Func<Task> handler) => ProviderApiResponses.GuardAsync(context, handler, ErrorAsync);

    private async Task<bool> ReadOnlyAsync(HttpContext context, string id)
    {
        if (!configuration.Current.Providers.Any(p => p.Name == id))
        {
            return false;
        }

        await ErrorAsync(context, new ApiError(409, "READ_ONLY_PROVIDER", $"Provider '{id}' is configured (Gateway:Providers or AI_* variables) and read-only here: change it where it is configured.")).ConfigureAwait(false);
        return true;
    }

    private static Task<ProviderInput?> ParseAsync(HttpContext context) =>
        ReadJsonAsync(context, static (ReadOnlySpan<byte> body, out ProviderInput? input, out ApiError? error) =>
        {
            var parsed = ProviderInput.TryParse(body, out var read, out error);
            input = parsed ? read : null;
            return parsed;
        });

    /// <summary>What <see cref="ReadJsonAsync{T}"/> parses a body with: the input, or the error to answer.</summary>
    public delegate bool JsonBodyParser<T>(ReadOnlySpan<byte> body, out T? input, out ApiError? error)
        where T : class;

    /// <summary>
    /// An admin API request's JSON body (at most <see cref="ProviderApiResponses.MaxBody"/>), parsed by
    /// <paramref name="parse"/>; null once the error is written (415 not JSON, 413 too large, 400 unreadable or invalid).
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, JsonBodyParser<T> parse)
        where T : class
    {
        var type = context.Request.ContentType;
        if (type is null || !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.")).ConfigureAwait(false);
            return null;
        }

        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, ProviderApiResponses.MaxBody).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(context, new ApiError(status, "INVALID_REQUEST", status == 413 ? "The request body is too large." : "The request body could not be read.")).ConfigureAwait(false);
            return null;
        }

        using (body)
        {
            if (!parse(body.Span, out var input, out var error))
            {
                await ErrorAsync(context, error!).ConfigureAwait(false);
                return null;
            }

            return input;
        }
    }

    private void WriteConfigured(Utf8JsonWriter w, Configuration.ProviderOptions provider)
    {
        w.WriteStartObject();
        w.WriteString("id", provider.Name);
        w.WriteString("provider", provider.Type);
        w.WriteString("name", provider.Name);
        w.WriteBoolean("isActive", provider.Enabled);
        w.WriteString("source", "configuration");
        w.WriteBoolean("readOnly", true);
        w.WriteString("status", live.Catalog.Find(provider.Name) is null ? "inactive" : "active");
        w.WriteEndObject();
    }
}
