using Gateway.Contracts;
using Gateway.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Gateway.ManagedProviders;

/// <summary>
/// The seed's provider API for owners, verbatim: <c>GET/POST /api/ai-providers</c>, <c>GET/PUT/DELETE
/// /api/ai-providers/{id}</c> (plus <c>POST .../{id}/rotate-key</c>), authenticated with a client key whose owner is the
/// seed's user. Bodies and errors in the seed's shapes; another owner's provider is <c>PROVIDER_NOT_FOUND</c>.
/// </summary>
internal sealed class AiProvidersEndpoint(ProviderManager manager, ManagedProviderSource source)
{
    public Task ListAsync(HttpContext context) => Guard(context, async () =>
    {
        var records = await manager.ListAsync(Owner(context), null, context.RequestAborted).ConfigureAwait(false);
        var problems = source.Problems;
        await ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("providers");
            foreach (var record in records)
            {
                ProviderJson.Write(w, record, problems.GetValueOrDefault(record.Id), withOwner: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    });

    public Task GetAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        var (record, error) = await manager.GetAsync(id, Owner(context), context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            await ErrorAsync(context, error!).ConfigureAwait(false);
            return;
        }

        await WriteOneAsync(context, record, source.Problems.GetValueOrDefault(record.Id), withOwner: false).ConfigureAwait(false);
    });

    public Task CreateAsync(HttpContext context) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var (id, error) = await manager.CreateAsync(input, Owner(context), GatewayClaims.ActorOf(context.User), admin: false, context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id, 201) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task UpdateAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var error = await manager.UpdateAsync(id, input, Owner(context), GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task DeleteAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        var error = await manager.DeleteAsync(id, Owner(context), GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public Task RotateKeyAsync(HttpContext context, string id) => Guard(context, async () =>
    {
        if (await ParseAsync(context).ConfigureAwait(false) is not { } input)
        {
            return;
        }

        var error = await manager.RotateKeyAsync(id, input.ApiKey, Owner(context), GatewayClaims.ActorOf(context.User), context.RequestAborted).ConfigureAwait(false);
        await (error is null ? ProviderApiResponses.SuccessAsync(context, id) : ErrorAsync(context, error)).ConfigureAwait(false);
    });

    public static Task WriteOneAsync(HttpContext context, ManagedProviderRecord record, string? problem, bool withOwner) =>
        ProviderApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("provider");
            ProviderJson.Write(w, record, problem, withOwner);
            w.WriteEndObject();
        });

    public static Task ErrorAsync(HttpContext context, ApiError error) => SeedErrorSurface.WriteAsync(context, error.Status, error.Code, error.Message);

    /// <summary>The caller's owner: the route group demands a client key, and every client key has one.</summary>
    public static string Owner(HttpContext context) => GatewayClaims.OwnerOf(context.User) ?? throw new InvalidOperationException("no owner on a client identity");

    private static Task Guard(HttpContext context, Func<Task> handler) => ProviderApiResponses.GuardAsync(context, handler, ErrorAsync);

    private static async Task<ProviderInput?> ParseAsync(HttpContext context)
    {
        if (await ProviderApiResponses.ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            return null;
        }

        if (!ProviderInput.TryParse(body, out var input, out var error))
        {
            await ErrorAsync(context, error!).ConfigureAwait(false);
            return null;
        }

        if (input.HasOwner)
        {
            await ErrorAsync(context, ApiError.Invalid("owner cannot be set here: a provider belongs to the owner of the key that creates it.")).ConfigureAwait(false);
            return null;
        }

        return input;
    }
}
