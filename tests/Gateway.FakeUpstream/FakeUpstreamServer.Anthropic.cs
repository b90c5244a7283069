using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>
/// Anthropic's Messages API: text answers, tool_use turns when tools are offered (then a text answer once the tool
/// result comes back), thinking blocks when thinking is enabled, structured outputs (output_format or
/// output_config.format json_schema), streaming events, and Anthropic-shaped errors (529 overloaded among them).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>The signature of every thinking block the fake writes.</summary>
    public const string ThinkingSignature = "fake-signature";

    private async Task MessagesAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            EchoAnthropicHeaders(context);
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

            var root = body?.RootElement ?? default;
            if (await AnthropicPrefillAsync(context, response, root).ConfigureAwait(false))
            {
                return; // FakeUpstreamServer.Continuation.cs
            }

            var model = String(root, "model") ?? "";
            var answer = PlanMessages(root, response);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True)
            {
                await AnthropicStreamAsync(context, response, model, answer).ConfigureAwait(false);
                return;
            }

            var content = new List<string>();
            if (answer.Reasoning.Count > 0)
            {
                content.Add($$"""{"type":"thinking","thinking":{{Json(string.Concat(answer.Reasoning))}},"signature":"{{ThinkingSignature}}"}""");
            }

            if (answer.Text.Count > 0 || answer.Calls.Count == 0)
            {
                content.Add($$"""{"type":"text","text":{{Json(string.Concat(answer.Text))}}}""");
            }

            content.AddRange(answer.Calls.Select(c => $$"""{"type":"tool_use","id":"{{c.Id}}","name":{{Json(c.Name)}},"input":{{c.Arguments}}}"""));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"msg_fake","type":"message","role":"assistant","model":{{Json(model)}},"content":[{{string.Join(",", content)}}],"stop_reason":"{{StopReason(answer)}}","stop_sequence":null,"usage":{"input_tokens":7,"output_tokens":{{response.Chunks}}} """.TrimEnd() + "}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string StopReason(FakeAnswer answer) => answer.Calls.Count > 0 ? "tool_use" : "end_turn";

    /// <summary>
    /// Tool results in the last message win ("The tool said: ..."); then tool calls (after "Let me check." unless the
    /// tool was forced); then a
    /// structured output; then the plain tokens. Thinking, when enabled, comes first in every case.
    /// </summary>
    private FakeAnswer PlanMessages(JsonElement root, FakeResponse response)
    {
        var last = Items(root, "messages").LastOrDefault();
        var lastContent = last.ValueKind == JsonValueKind.Object && last.TryGetProperty("content", out var c) ? c : default;
        var results = lastContent.ValueKind == JsonValueKind.Array
            ? lastContent.EnumerateArray().Where(b => String(b, "type") == "tool_result").Select(b => b.TryGetProperty("content", out var r) ? Text(r) : null).ToList()
            : [];
        var thinking = Node(root, "thinking") is { } t && String(t, "type") is "enabled" or "adaptive" ? FakeAnswer.Thinking : [];
        if (results.Count > 0)
        {
            return new FakeAnswer(thinking, [FakeAnswer.ToolSaid(results)], []);
        }

        var (tools, forced, parallel) = Anthropic(root);
        var userText = String(last, "role") == "user" ? Text(lastContent) : null;
        var calls = Pick(tools, forced, parallel, userText, "toolu_");
        if (calls.Count > 0)
        {
            // As Anthropic does: a forced tool (tool_choice "tool") comes without the text before it.
            return new FakeAnswer(thinking, forced is null ? ["Let me check."] : [], calls);
        }

        var format = Node(root, "output_format") ?? (Node(root, "output_config") is { } config ? Node(config, "format") : null);
        return format is { } f && String(f, "type") == "json_schema"
            ? new FakeAnswer(thinking, JsonPieces.Split(SchemaExample.For(Node(f, "schema") ?? default), FakeAnswer.JsonPieceCount), [])
            : new FakeAnswer(thinking, Recap(root) is { } recap ? [recap] : Tokens(response.Chunks), []);
    }

    /// <summary>Shows which anthropic-version and anthropic-beta headers arrived (x-fake-anthropic-version, x-fake-anthropic-beta).</summary>
    private static void EchoAnthropicHeaders(HttpContext context)
    {
        foreach (var name in (string[])["anthropic-version", "anthropic-beta"])
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                context.Response.Headers["x-fake-" + name] = value.ToString();
            }
        }
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
}
