using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

public sealed partial class FakeUpstreamServer
{
    private async Task ChatAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var root = body?.RootElement;
            var model = root?.TryGetProperty("model", out var m) == true ? m.GetString() ?? "" : "";
            var stream = root?.TryGetProperty("stream", out var s) == true && s.ValueKind == JsonValueKind.True;
            var usage = root?.TryGetProperty("stream_options", out var so) == true && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            if (stream)
            {
                await StreamAsync(context, response, model, usage).ConfigureAwait(false);
                return;
            }

            var text = Recap(root) ?? string.Concat(Enumerable.Range(0, response.Chunks).Select(Token));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":{{Json(model)}},"choices":[{"index":0,"message":{"role":"assistant","content":{{Json(text)}}},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":{{response.Chunks}},"total_tokens":{{5 + response.Chunks}}""" + "}}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private string Token(int index) => index == 0 ? $"Hello from {Name}." : $" token{index}";

    private async Task StreamAsync(HttpContext context, FakeResponse response, string model, bool usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        await SendAsync(context, Chunk(model, """{"role":"assistant","content":""}""", null)).ConfigureAwait(false);
        switch (response.Fault)
        {
            case FakeFault.ErrorEventBeforeFirstToken:
                await SendAsync(context, """{"error":{"message":"fake overloaded mid-stream","type":"server_error","code":"overloaded"}}""").ConfigureAwait(false);
                return;
            case FakeFault.StallBeforeFirstToken:
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return;
            case FakeFault.CloseBeforeFirstToken:
                context.Abort();
                return;
        }

        for (var i = 0; i < response.Chunks; i++)
        {
            if (i > 0 && response.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(response.ChunkDelay, ct).ConfigureAwait(false);
            }

            if (response.Fault is FakeFault.BreakAfterChunks or FakeFault.StallAfterChunks && i == response.BreakAfterChunks)
            {
                if (response.Fault == FakeFault.StallAfterChunks)
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }

                // Let the chunks already sent reach the peer before the reset, which could discard them.
                await Task.Delay(100, ct).ConfigureAwait(false);
                context.Abort();
                return;
            }

            await SendAsync(context, Chunk(model, $$"""{"content":{{Json(Token(i))}}""" + "}", null)).ConfigureAwait(false);
            if (i == 0 && response.HoldAfterFirstChunk is { } hold)
            {
                await hold.Task.WaitAsync(ct).ConfigureAwait(false);
            }
        }

        await SendAsync(context, Chunk(model, "{}", "stop")).ConfigureAwait(false);
        if (usage && response.SpacedUsageChunk)
        {
            await SendAsync(context, $$"""{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "usage": {"prompt_tokens": 5, "completion_tokens": {{response.Chunks}}}, "choices": []}""").ConfigureAwait(false);
        }
        else if (usage)
        {
            await SendAsync(context, $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":{{Json(model)}},"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":{{response.Chunks}},"total_tokens":{{5 + response.Chunks}}""" + "}}").ConfigureAwait(false);
        }

        await SendAsync(context, "[DONE]").ConfigureAwait(false);
    }

    private static string Chunk(string model, string delta, string? finish) =>
        $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":{{Json(model)}},"choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : Json(finish))}}}]""" + "}";

    private static async Task SendAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync("data: " + data + "\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var root = body?.RootElement;
            var model = root?.TryGetProperty("model", out var m) == true ? m.GetString() ?? "" : "";
            var base64 = root?.TryGetProperty("encoding_format", out var f) == true && f.GetString() == "base64";
            float[] vector = [0.25f, -0.5f, 0.75f];
            var embedding = base64
                ? Json(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                : "[" + string.Join(",", vector.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":{{embedding}}}],"model":{{Json(model)}},"usage":{"prompt_tokens":4,"total_tokens":4""" + "}}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Record)
        {
            _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), "", null, false));
        }

        context.Response.ContentType = "application/json";
        var data = string.Join(",", Models.Select(id => $$"""{"id":{{Json(id)}},"object":"model","created":1700000000,"owned_by":"fake" """.TrimEnd() + "}"));
        await context.Response.WriteAsync($$"""{"object":"list","data":[{{data}}]""" + "}", context.RequestAborted).ConfigureAwait(false);
    }

    private static string Json(string value) => JsonSerializer.Serialize(value, FakeJsonContext.Default.String);
}
