using System.Text.Json;
using Gateway.Accounts;
using Gateway.Contracts;
using Gateway.Endpoints;
using Gateway.ManagedProviders;
using Microsoft.AspNetCore.Http;

namespace Gateway.Admin;

/// <summary>
/// <c>GET</c> and <c>PUT /admin/owners/{owner}/limits</c>: an owner's limits (every key of the owner counts against
/// them), in the store, audited; this replica applies a change at once, the others within a few seconds.
/// </summary>
internal sealed class AdminOwnerLimitsEndpoint(IOwnerLimitStore store, StoreOwnerLimits limits, IStoreVersion changes, TimeProvider time)
{
    private const int MaxBody = 4096;

    public async Task GetAsync(HttpContext context, string owner)
    {
        await WriteAsync(context, owner, limits.For(owner)).ConfigureAwait(false);
    }

    public async Task PutAsync(HttpContext context, string owner)
    {
        var (body, status) = await RequestBodyReader.ReadAsync(context.Request, MaxBody).ConfigureAwait(false);
        if (body is null)
        {
            await OpenAIError.WriteAsync(context, status, "The request body could not be read.", ErrorTypes.InvalidRequest, "invalid_body").ConfigureAwait(false);
            return;
        }

        LimitSet? set;
        string? error;
        bool read;
        using (body)
        {
            read = LimitSetJson.TryParse(body.Span, out set, out error);
        }

        if (!read || owner.Length is 0 or > 200)
        {
            await OpenAIError.WriteAsync(context, 400, !read ? error! : "The owner must be 1 to 200 characters.", ErrorTypes.InvalidRequest, "invalid_limits").ConfigureAwait(false);
            return;
        }

        var json = LimitSetJson.ToText(set, withNulls: true)!;
        var version = await store.PutAsync(owner, json, new AuditEntry(0, time.GetUtcNow(), GatewayClaims.ActorOf(context.User), "owner.limits", null, owner, null, json), context.RequestAborted).ConfigureAwait(false);
        // This replica reads owner limits again before answering; the new version reaches the other replicas (Redis
        // message, else their poll), which read them again too.
        await changes.AppliedAsync(version, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, owner, set).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, string owner, LimitSet? set)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("owner", owner);
        writer.WritePropertyName("limits");
        LimitSetJson.Write(writer, set, withNulls: true);
        writer.WriteEndObject();
    }
}
