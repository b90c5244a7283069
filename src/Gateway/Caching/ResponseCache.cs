using System.Text.Json;
using Gateway.Accounts.Ledger;
using Gateway.Accounts.Limits;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Forwarding;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Caching;

/// <summary>
/// The exact response cache on the dispatch path. <see cref="LookupAsync"/> runs after resolution and before
/// admission (a hit is admitted at no cost: its request counts against request rates, its tokens against nothing);
/// <see cref="ServeAsync"/> answers a hit from the entry without any upstream request, or forwards a miss through
/// <see cref="RecordingStream"/> (a tee: the client gets every chunk as it comes) and keeps the answer when it may be
/// kept (<see cref="Keepable"/>). A hit is billed <see cref="CacheOptions.HitCost"/> times what the answer cost, on
/// the request's ticket and in the ledger under the provider <see cref="Provider"/>.
/// </summary>
internal sealed partial class ResponseCache(CacheOptions options, CachePolicy policy, IResponseCacheStore store, LedgerBook ledger, CacheMetrics metrics,
    TimeProvider time, ILogger<ResponseCache> logger)
{
    /// <summary>The provider a hit is served and billed by (response header, ledger, access log).</summary>
    public const string Provider = "cache";

    /// <summary>
    /// The request's look in the cache, or null when the cache is not on for it (nothing to do, no header).
    /// <see cref="CacheResult.Refused"/>: a bad <c>x-gateway-cache</c>, with the refusal the caller writes.
    /// </summary>
    public async ValueTask<CacheLookup?> LookupAsync(GatewayRequest request, CandidateSet candidates, string? keyId, string? owner)
    {
        var context = request.Context;
        var asked = CachePolicy.Asked(context.Request, out var valid);
        if (!valid)
        {
            return CacheLookup.Refused;
        }

        if (asked is null && !policy.OptedIn(keyId, owner))
        {
            return null;
        }

        var kind = request.Operation.Kind;
        if (asked == false || CachePolicy.Bypassed(context.Request) || !CachePolicy.Keeps(kind) || request.FormContentType is not null || request.Bridge is not null)
        {
            return CacheLookup.Skipped;
        }

        string key;
        try
        {
            // The operation has parsed the body already: valid JSON. Parsed again here, only for requests the cache is on for.
            using var body = JsonDocument.Parse(request.Body.Memory);
            if (asked != true && CachePolicy.Samples(kind, body.RootElement))
            {
                return CacheLookup.Skipped;
            }

            key = CacheKey.Compute(kind.ToString(), CachePolicy.Scope(keyId, owner), candidates, request.Envelope.Model, request.Stream, body.RootElement);
        }
        catch (JsonException)
        {
            return CacheLookup.Skipped;
        }

        var entry = await store.GetAsync(key).ConfigureAwait(false);
        return entry is not null && entry.Stream == request.Stream ? new CacheLookup(CacheResult.Hit, key, entry) : new CacheLookup(CacheResult.Miss, key);
    }

    /// <summary>Answers the request: from the entry (a hit), or by <paramref name="forward"/> (recording a miss's answer).</summary>
    public async Task ServeAsync(CacheLookup lookup, GatewayRequest request, CandidateSet candidates, AdmissionTicket ticket, Func<GatewayRequest, CandidateSet, Task> forward)
    {
        metrics.Count(lookup.Result);
        var context = request.Context;
        if (lookup is { Result: CacheResult.Hit, Entry: { } entry })
        {
            if (request.Record is { } record)
            {
                record.Provider = Provider;
            }

            // Billed before the replay: the ledger has the hit by the time the client has the answer.
            Bill(request, ticket, entry);
            await CacheReplay.WriteAsync(context, entry, options.ReplayPace, time).ConfigureAwait(false);
            return;
        }

        // OnStarting: a header set now would go with a retracted attempt's response.
        var name = CacheLookup.Name(lookup.Result);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CachePolicy.Header] = name;
            return Task.CompletedTask;
        });
        if (lookup is not { Result: CacheResult.Miss, Key: { } key })
        {
            await forward(request, candidates).ConfigureAwait(false);
            return;
        }

        var original = context.Response.Body;
        using var recording = new RecordingStream(original, options.MaxEntryBytes, time);
        context.Response.Body = recording;
        try
        {
            await forward(request, candidates).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (Keepable(request, recording, ticket) is not { } kept)
        {
            metrics.Stores.Add(1, Telemetry.GatewayMetrics.Tags("result", "not_cacheable"));
            return;
        }

        // After the answer went out whole; awaited (one round trip with Redis) so the next identical request finds it.
        await store.SetAsync(key, kept).ConfigureAwait(false);
        metrics.Stores.Add(1, Telemetry.GatewayMetrics.Tags("result", "stored"));
        Log.Stored(logger, key[..12], kept.Body.Length, context.TraceIdentifier);
    }

    /// <summary>The entry to keep for a miss's answer, or null when it may not be kept.</summary>
    private static CachedResponse? Keepable(GatewayRequest request, RecordingStream recording, AdmissionTicket ticket)
    {
        var context = request.Context;
        var response = context.Response;
        var bytes = recording.Written.Span;
        if (context.RequestAborted.IsCancellationRequested || response.StatusCode != 200 || recording.Overflowed || bytes.IsEmpty
            || ticket.ClampedOutput is not null || !response.Headers.ContainsKey("x-gateway-provider") || response.Headers.ContentEncoding.Count > 0)
        {
            return null;
        }

        var stream = request.Stream;
        if (stream ? !request.Operation.EndsComplete(bytes[Math.Max(0, bytes.Length - 16)..]) : !IsAnswer(bytes))
        {
            return null;
        }

        if (AnswerCheck.HasToolCall(bytes))
        {
            return null;
        }

        var record = request.Record;
        return new CachedResponse(response.ContentType ?? (stream ? "text/event-stream" : "application/json"), response.Headers["x-gateway-model"].ToString(), stream,
            record?.PromptTokens ?? 0, record?.CompletionTokens ?? 0, ticket.Bills ? ticket.MicroUsd : 0, bytes.ToArray(),
            stream ? [.. recording.Ends] : [], stream ? [.. recording.Gaps] : []);
    }

    /// <summary>A whole answer: a JSON object that is not an error.</summary>
    private static bool IsAnswer(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("error"u8))
                {
                    return false;
                }

                reader.Read();
                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Bill(GatewayRequest request, AdmissionTicket ticket, CachedResponse entry)
    {
        if (!ticket.Bills)
        {
            return;
        }

        var (prompt, completion, microUsd) = (Share(entry.PromptTokens), Share(entry.CompletionTokens), Share(entry.MicroUsd));
        ticket.Add(prompt + completion, microUsd);
        var model = entry.Model.Length > 0 ? entry.Model : request.Envelope.Model;
        ledger.Add(time.GetUtcNow(), ticket.KeyId, ticket.Owner, Provider, model, 1, prompt, completion, 0, microUsd, 0);
    }

    private long Share(long value) => (long)Math.Round(value * options.HitCost, MidpointRounding.AwayFromZero);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CacheStored, Level = LogLevel.Debug, Message = "Response cache: kept {Key} ({Bytes} bytes) for request {RequestId}")]
        public static partial void Stored(ILogger logger, string key, int bytes, string requestId);
    }
}
