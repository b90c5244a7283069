using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>
/// Continuation of a broken stream: a chat request whose last message is the assistant's (a prefill) is answered, when
/// <see cref="ContinuesPrefill"/> is set, with only the rest of the plain answer (<c>Hello from NAME. token1 ...</c>):
/// the tokens after the last <c> tokenN</c> the prefill ends with, as a stream of its own id
/// (<c>chatcmpl-NAME-continued</c>) so a test can tell the gateway kept the client's. With <see cref="RefusesPrefill"/>
/// such a request gets a 400, as providers that do not take a prefill answer. Also one malformed chunk on demand
/// (<see cref="FakeFault.MalformedChunk"/>).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>Continue from a trailing assistant message, as Anthropic (and some OpenAI-compatible providers) do.</summary>
    public bool ContinuesPrefill { get; set; }

    /// <summary>Answer a trailing assistant message with 400 (<c>prefill_unsupported</c>).</summary>
    public bool RefusesPrefill { get; set; }

    /// <summary>The data of the malformed chunk <see cref="FakeFault.MalformedChunk"/> sends: JSON cut short.</summary>
    public const string MalformedData = """{"id":"chatcmpl-fake","choices":[{"index":0,"delta":{"content":" MALFORMED""";

    /// <summary>For a request with a prefill: refuses it or continues it, when so scripted. True when answered.</summary>
    private async Task<bool> PrefillAsync(HttpContext context, FakeResponse response, JsonElement root)
    {
        if (TrailingPrefill(root) is not { } prefill)
        {
            return false;
        }

        if (RefusesPrefill)
        {
            await RefusePrefillAsync(context, """{"error":{"message":"This model does not support assistant message prefill.","type":"invalid_request_error","param":"messages","code":"prefill_unsupported"}}""").ConfigureAwait(false);
            return true;
        }

        if (!ContinuesPrefill || !(root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True))
        {
            return false;
        }

        var usage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var rest = Tokens(response.Chunks).Skip(TokensIn(prefill)).ToList();
        await ContinuationStreamAsync(context, String(root, "model") ?? "", rest, usage).ConfigureAwait(false);
        return true;
    }

    /// <summary>How many tokens of the plain answer <paramref name="prefill"/> holds: one more than the last <c> tokenN</c> it ends with.</summary>
    private static int TokensIn(string prefill)
    {
        var at = prefill.LastIndexOf(" token", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(prefill.AsSpan(at + 6), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : prefill.Length > 0 ? 1 : 0;
    }

    private async Task ContinuationStreamAsync(HttpContext context, string model, IReadOnlyList<string> rest, bool usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var id = Json($"chatcmpl-{Name}-continued");
        string Chunk(string delta, string finish) =>
            $$"""{"id":{{id}},"object":"chat.completion.chunk","created":1800000000,"model":{{Json(model)}},"choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}""" + "}]}";

        await SendAsync(context, Chunk("""{"role":"assistant","content":""}""", "null")).ConfigureAwait(false);
        foreach (var token in rest)
        {
            await SendAsync(context, Chunk($$"""{"content":{{Json(token)}}""" + "}", "null")).ConfigureAwait(false);
        }

        await SendAsync(context, Chunk("{}", "\"stop\"")).ConfigureAwait(false);
        if (usage)
        {
            await SendAsync(context,
                $$"""{"id":{{id}},"object":"chat.completion.chunk","created":1800000000,"model":{{Json(model)}},"choices":[],"usage":{"prompt_tokens":50,"completion_tokens":{{rest.Count}},"total_tokens":{{50 + rest.Count}}""" + "}}")
                .ConfigureAwait(false);
        }

        await SendAsync(context, "[DONE]").ConfigureAwait(false);
    }

    /// <summary>Anthropic's side: a trailing assistant turn is continued (the rest as Anthropic's stream) or refused (400).</summary>
    private async Task<bool> AnthropicPrefillAsync(HttpContext context, FakeResponse response, JsonElement root)
    {
        if (TrailingPrefill(root) is not { } prefill)
        {
            return false;
        }

        if (RefusesPrefill)
        {
            await RefusePrefillAsync(context, """{"type":"error","error":{"type":"invalid_request_error","message":"This model does not support assistant message prefill."}}""").ConfigureAwait(false);
            return true;
        }

        if (!ContinuesPrefill || !(root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True))
        {
            return false;
        }

        var rest = Tokens(response.Chunks).Skip(TokensIn(prefill)).ToList();
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await SendEventAsync(context, "message_start",
            $$"""{"type":"message_start","message":{"id":"msg_{{Name}}_continued","type":"message","role":"assistant","model":{{Json(String(root, "model") ?? "")}},"content":[],"stop_reason":null,"usage":{"input_tokens":50,"output_tokens":1}""" + "}}").ConfigureAwait(false);
        await SendEventAsync(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""").ConfigureAwait(false);
        foreach (var token in rest)
        {
            await SendEventAsync(context, "content_block_delta", $$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{Json(token)}}""" + "}}").ConfigureAwait(false);
        }

        await SendEventAsync(context, "content_block_stop", """{"type":"content_block_stop","index":0}""").ConfigureAwait(false);
        await SendEventAsync(context, "message_delta", $$"""{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":{{rest.Count}}""" + "}}").ConfigureAwait(false);
        await SendEventAsync(context, "message_stop", """{"type":"message_stop"}""").ConfigureAwait(false);
        return true;
    }

    /// <summary>At the scripted step, one event whose data is not JSON; the stream then goes on.</summary>
    private static async Task MalformedChunkAsync(HttpContext context, FakeResponse response, int step)
    {
        if (response.Fault == FakeFault.MalformedChunk && step == response.BreakAfterChunks)
        {
            await SendAsync(context, MalformedData).ConfigureAwait(false);
        }
    }

    /// <summary>The text of a trailing assistant message (a prefill to continue), or null.</summary>
    private static string? TrailingPrefill(JsonElement root)
    {
        var last = Items(root, "messages").LastOrDefault();
        return last.ValueKind == JsonValueKind.Object && String(last, "role") == "assistant" && last.TryGetProperty("content", out var content)
            ? Text(content)
            : null;
    }

    private static Task RefusePrefillAsync(HttpContext context, string body)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
