using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// Anthropic's Messages API: text answers, a tool-use turn when tools are offered (then a text answer once the
/// tool result comes back), streaming events, and Anthropic-shaped errors (529 overloaded among them).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private async Task MessagesAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (response.Fault == FakeFault.DropConnection)
            {
                context.Abort();
                return;
            }

            if (response.Status is < 200 or >= 300)
            {
                await AnthropicErrorAsync(context, response).ConfigureAwait(false);
                return;
            }

            var root = body!.RootElement;
            var model = root.GetProperty("model").GetString() ?? "";
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            var toolName = WantsTool(root);
            if (stream)
            {
                await AnthropicStreamAsync(context, response, model, toolName).ConfigureAwait(false);
                return;
            }

            var content = toolName is null
                ? $$"""[{"type":"text","text":{{Json(AnthropicText(root, response))}}}]"""
                : $$$"""[{"type":"text","text":"Let me check."},{"type":"tool_use","id":"toolu_01","name":{{{Json(toolName)}}},"input":{"city":"Paris"}}]""";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"msg_fake","type":"message","role":"assistant","model":{{Json(model)}},"content":{{content}},"stop_reason":"{{(toolName is null ? "end_turn" : "tool_use")}}","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":{{response.Chunks}}} """.TrimEnd() + "}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The first offered tool, unless the conversation already carries a tool result.</summary>
    private static string? WantsTool(JsonElement root)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.GetArrayLength() == 0)
        {
            return null;
        }

        var last = root.GetProperty("messages").EnumerateArray().Last();
        var answered = last.GetProperty("content").ValueKind == JsonValueKind.Array
            && last.GetProperty("content").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "tool_result");
        return answered ? null : tools[0].GetProperty("name").GetString();
    }

    private string AnthropicText(JsonElement root, FakeResponse response)
    {
        var last = root.GetProperty("messages").EnumerateArray().Last().GetProperty("content");
        var toolResult = last.ValueKind == JsonValueKind.Array
            ? last.EnumerateArray().FirstOrDefault(b => b.GetProperty("type").GetString() == "tool_result")
            : default;
        return toolResult.ValueKind == JsonValueKind.Object
            ? $"The tool said: {toolResult.GetProperty("content").GetString()}"
            : Recap(root) ?? string.Concat(Enumerable.Range(0, response.Chunks).Select(Token));
    }

    private static async Task AnthropicErrorAsync(HttpContext context, FakeResponse response)
    {
        var type = response.Status switch
        {
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            >= 500 => "api_error",
            _ => "invalid_request_error",
        };
        var message = response.ErrorCode == "context_length_exceeded" ? "prompt is too long: 250000 tokens > 200000 maximum" : $"fake anthropic error {response.Status}";
        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""{"type":"error","error":{"type":"{{{type}}}","message":{{{Json(message)}}}}}""", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task AnthropicStreamAsync(HttpContext context, FakeResponse response, string model, string? toolName)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        async Task Send(string type, string json)
        {
            await context.Response.WriteAsync($"event: {type}\ndata: {json}\n\n", ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }

        await Send("message_start", $$$"""{"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","model":{{{Json(model)}}},"content":[],"stop_reason":null,"usage":{"input_tokens":7,"output_tokens":1}}""" + "}").ConfigureAwait(false);
        switch (response.Fault)
        {
            case FakeFault.ErrorEventBeforeFirstToken:
                await Send("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""").ConfigureAwait(false);
                return;
            case FakeFault.StallBeforeFirstToken:
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                return;
            case FakeFault.CloseBeforeFirstToken:
                context.Abort();
                return;
        }

        await Send("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""").ConfigureAwait(false);
        await Send("ping", """{"type": "ping"}""").ConfigureAwait(false);
        var chunks = toolName is null ? response.Chunks : 1;
        for (var i = 0; i < chunks; i++)
        {
            if (i > 0 && response.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(response.ChunkDelay, ct).ConfigureAwait(false);
            }

            if (response.Fault == FakeFault.BreakAfterChunks && i == response.BreakAfterChunks)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
                context.Abort();
                return;
            }

            var text = toolName is null ? Token(i) : "Let me check.";
            await Send("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{Json(text)}}}}}""").ConfigureAwait(false);
            if (i == 0 && response.HoldAfterFirstChunk is { } hold)
            {
                await hold.Task.WaitAsync(ct).ConfigureAwait(false);
            }
        }

        await Send("content_block_stop", """{"type":"content_block_stop","index":0}""").ConfigureAwait(false);
        if (toolName is not null)
        {
            await Send("content_block_start", $$$"""{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":{{{Json(toolName)}}},"input":{}}""" + "}").ConfigureAwait(false);
            await Send("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": "}}""").ConfigureAwait(false);
            await Send("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}}""").ConfigureAwait(false);
            await Send("content_block_stop", """{"type":"content_block_stop","index":1}""").ConfigureAwait(false);
        }

        await Send("message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{(toolName is null ? "end_turn" : "tool_use")}}}","stop_sequence":null},"usage":{"output_tokens":{{{chunks}}}}}""").ConfigureAwait(false);
        await Send("message_stop", """{"type":"message_stop"}""").ConfigureAwait(false);
    }
}
