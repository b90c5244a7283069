using System.Globalization;
using Gateway.Accounts.Keys;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>/admin/keys</c>: managed client keys. Create and rotate answer the key's text once (201 / 200 with <c>key</c>);
/// every other answer shows the key's prefix, never the key or its hash. Errors in the admin API's OpenAI shape.
/// </summary>
internal sealed class AdminKeysEndpoint(ClientKeyManager manager, ClientKeyRegistry registry)
{
    public Task ListAsync(HttpContext context) => Guard(context, async () =>
    {
        var owner = context.Request.Query["owner"].ToString();
        var records = await manager.ListAsync(context.RequestAborted).ConfigureAwait(false);
        await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            foreach (var record in records.Where(r => owner.Length == 0 || r.Owner == owner))
            {
                ClientKeyJson.Write(w, record, registry.PendingUse(record.Id));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    });

    public Task GetAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        var record = await manager.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        await (record is null ? ErrorAsync(context, ClientKeyManager.NotFound()) : WriteAsync(context, 200, record)).ConfigureAwait(false);
    });

    public Task CreateAsync(HttpContext context) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var (record, key, error) = await manager.CreateAsync(input, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? WriteAsync(context, 201, record!, key) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task UpdateAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var (record, error) = await manager.UpdateAsync(id, input, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? WriteAsync(context, 200, record!) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task RevokeAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        var (record, error) = await manager.RevokeAsync(id, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? WriteAsync(context, 200, record!) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task RotateAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        TimeSpan? grace = null;
        if (context.Request.Query["grace_seconds"].ToString() is { Length: > 0 } asked)
        {
            if (!long.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > ClientKeysOptions.MaxRotationGrace.TotalSeconds)
            {
                await ErrorAsync(context, ApiError.Invalid($"grace_seconds must be a whole number from 0 to {ClientKeysOptions.MaxRotationGrace.TotalSeconds:0}.")).ConfigureAwait(false);
                return;
            }

            grace = TimeSpan.FromSeconds(seconds);
        }

        var (record, key, error) = await manager.RotateAsync(id, grace, GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? WriteAsync(context, 200, record!, key) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    private static Task ErrorAsync(HttpContext context, ApiError error) => AdminProvidersEndpoint.ErrorAsync(context, error);

    private static Task Guard(HttpContext context, Func<Task> handler) => ProviderApiResponses.GuardAsync(context, handler, ErrorAsync);

    private Task WriteAsync(HttpContext context, int status, ClientKeyRecord record, string? key = null)
    {
        if (key is not null)
        {
            // The one answer that carries a key: never cached by anything on the way.
            context.Response.Headers.CacheControl = "no-store";
        }

        return ProviderApiResponses.WriteJsonAsync(context, status, w => ClientKeyJson.Write(w, record, registry.PendingUse(record.Id), key));
    }

    private static Task<ClientKeyInput?> ParseAsync(HttpContext context) =>
        AdminProvidersEndpoint.ReadJsonAsync(context, static (ReadOnlySpan<byte> body, out ClientKeyInput? input, out ApiError? error) =>
        {
            var parsed = ClientKeyInput.TryParse(body, out input, out var problem);
            error = parsed ? null : ApiError.Invalid(problem!);
            return parsed;
        });
}
