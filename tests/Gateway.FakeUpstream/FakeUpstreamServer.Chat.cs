using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>
/// Chat completions: text, tool calls (from the tools offered), an answer to tool results, structured outputs
/// (response_format json_schema / json_object), n choices and reasoning_content, as JSON or as a stream.
/// </summary>
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

            var root = body?.RootElement ?? default;
            if (await PrefillAsync(context, response, root).ConfigureAwait(false))
            {
                return; // FakeUpstreamServer.Continuation.cs
            }

            if (await WriteAskedTokensAsync(context, root).ConfigureAwait(false))
            {
                return; // FakeUpstreamServer.Budget.cs
            }

            var model = String(root, "model") ?? "";
            var answers = PlanChat(root, response);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True)
            {
                var usage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                    && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
                await ChatStreamAsync(context, response, model, answers, usage).ConfigureAwait(false);
                return;
            }

            if (await WaitForFirstTokenAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var choices = string.Join(",", answers.Select((a, i) => $$"""{"index":{{i}},"message":{{ChatMessage(a)}},"finish_reason":"{{(a.Calls.Count > 0 ? "tool_calls" : "stop")}}" """.TrimEnd() + "}"));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":{{Json(model)}},"choices":[{{choices}}],"usage":{{ChatUsage(answers)}}""" + "}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>One answer per choice (n, default 1). Tool results win over tools, tools over response_format.</summary>
    private List<FakeAnswer> PlanChat(JsonElement root, FakeResponse response)
    {
        var n = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("n", out var count) && count.ValueKind == JsonValueKind.Number
            && count.TryGetInt32(out var k) && k is > 1 and <= 128 ? k : 1;
        var messages = Items(root, "messages").ToList();
        var results = messages.AsEnumerable().Reverse().TakeWhile(m => String(m, "role") == "tool")
            .Select(m => m.TryGetProperty("content", out var c) ? Text(c) : null).Reverse().ToList();
        var userText = messages.LastOrDefault(m => String(m, "role") == "user") is { ValueKind: JsonValueKind.Object } user
            && user.TryGetProperty("content", out var content) ? Text(content) : null;
        var reasoning = root.ValueKind == JsonValueKind.Object && (String(root, "reasoning_effort") is not null || Node(root, "reasoning") is not null)
            || userText?.Contains("[think]", StringComparison.Ordinal) == true ? FakeAnswer.Thinking : [];

        IReadOnlyList<FakeToolCall> calls = [];
        IReadOnlyList<string>? text = null;
        if (results.Count > 0)
        {
            text = [FakeAnswer.ToolSaid(results)];
        }
        else
        {
            var (tools, forced) = Chat(root);
            var parallel = !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("parallel_tool_calls", out var p) && p.ValueKind == JsonValueKind.False);
            calls = Pick(tools, forced, parallel, userText, "call_");
            text = calls.Count > 0 ? [] : ChatFormat(root) is { } json ? JsonPieces.Split(json, FakeAnswer.JsonPieceCount) : null;
        }

        text ??= Recap(root) is { } recap ? [recap] : null;
        return [.. Enumerable.Range(0, n).Select(i => new FakeAnswer(reasoning, text ?? Tokens(response.Chunks, n > 1 ? $"Choice {i}: " : ""), calls))];
    }

    /// <summary>The plain answer, <c>Hello from NAME. token1 token2...</c>, one delta per token.</summary>
    private List<string> Tokens(int count, string prefix = "") => [.. Enumerable.Range(0, count).Select(i => i == 0 ? prefix + Token(i) : Token(i))];

    /// <summary>JSON content for response_format json_schema (an example of its schema) or json_object; null for text.</summary>
    private string? ChatFormat(JsonElement root)
    {
        var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("response_format", out var f) ? f : default;
        return String(format, "type") switch
        {
            "json_schema" => SchemaExample.For(Node(format, "json_schema") is { } spec && Node(spec, "schema") is { } schema ? schema : default),
            "json_object" => $$"""{"answer":{{Json(Token(0))}}}""",
            _ => null,
        };
    }

    private static string ChatMessage(FakeAnswer answer)
    {
        var message = new StringBuilder("""{"role":"assistant","content":""");
        message.Append(answer.Text.Count == 0 && answer.Calls.Count > 0 ? "null" : Json(string.Concat(answer.Text)));
        if (answer.Reasoning.Count > 0)
        {
            message.Append(""","reasoning_content":""").Append(Json(string.Concat(answer.Reasoning)));
        }

        if (answer.Calls.Count > 0)
        {
            message.Append(""","tool_calls":[""").AppendJoin(",", answer.Calls.Select(c =>
                $$"""{"id":"{{c.Id}}","type":"function","function":{"name":{{Json(c.Name)}},"arguments":{{Json(c.Arguments)}}}""" + "}")).Append(']');
        }

        return message.Append('}').ToString();
    }

    /// <summary>Usage counts one completion token per delta the stream carries (reasoning, text, a call's header and its argument pieces).</summary>
    private static string ChatUsage(IReadOnlyList<FakeAnswer> answers)
    {
        var completion = answers.Sum(Deltas);
        var reasoning = answers.Sum(a => a.Reasoning.Count);
        var details = reasoning > 0 ? $$""","completion_tokens_details":{"reasoning_tokens":{{reasoning}}}""" : "";
        return $$"""{"prompt_tokens":5,"completion_tokens":{{completion}},"total_tokens":{{5 + completion}}{{details}}""" + "}";
    }

    private static int Deltas(FakeAnswer answer) =>
        answer.Reasoning.Count + answer.Text.Count + answer.Calls.Sum(c => 1 + ArgumentPieces(c).Count);

    private static IReadOnlyList<string> ArgumentPieces(FakeToolCall call) => JsonPieces.Split(call.Arguments, FakeAnswer.JsonPieceCount);
}
