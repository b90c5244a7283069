using System.Text;
using System.Text.Json;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>
/// What a Responses API request gets: an answer to trailing function_call_output items ("The tool said: ..."), else
/// function calls from the tools offered, else structured output (text.format json_schema or json_object), else the
/// plain tokens, whose first says how many earlier items the model saw (stored turns via previous_response_id plus
/// the input's items before the last) when there are any.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>The plan, or null when previous_response_id names a response the fake does not hold.</summary>
    private ResponsePlan? PlanResponse(JsonElement root, FakeResponse response)
    {
        var prior = 0;
        if (String(root, "previous_response_id") is { } previousId)
        {
            if (!_responses.TryGetValue(previousId, out var previous))
            {
                return null;
            }

            prior = previous.Items;
        }

        var input = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("input", out var i) ? i : default;
        List<JsonElement> items = input.ValueKind switch
        {
            JsonValueKind.String => [input],
            JsonValueKind.Array => [.. input.EnumerateArray()],
            _ => [],
        };
        var results = items.AsEnumerable().Reverse().TakeWhile(item => String(item, "type") == "function_call_output")
            .Select(item => item.TryGetProperty("output", out var output) ? Text(output) : null).Reverse().ToList();
        var user = items.LastOrDefault(item => item.ValueKind == JsonValueKind.String || String(item, "role") == "user");
        var userText = user.ValueKind == JsonValueKind.String ? user.GetString() : user.ValueKind == JsonValueKind.Object && user.TryGetProperty("content", out var c) ? Text(c) : null;

        var n = Interlocked.Increment(ref _responseCount);
        var slug = new string([.. Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        var id = $"resp_{(slug.Length > 0 ? slug : "fake")}{n:D4}";
        FakeAnswer answer;
        if (results.Count > 0)
        {
            answer = new FakeAnswer([], [FakeAnswer.ToolSaid(results)], []);
        }
        else
        {
            var (tools, forced) = FakeTools.Responses(root);
            var parallel = !(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("parallel_tool_calls", out var p) && p.ValueKind == JsonValueKind.False);
            var calls = Pick(tools, forced, parallel, userText, $"call_{id["resp_".Length..]}_");
            var earlier = prior + Math.Max(0, items.Count - 1);
            var tokens = Tokens(response.Chunks);
            if (earlier > 0 && tokens.Count > 0)
            {
                tokens[0] += $" I see {earlier} earlier items.";
            }

            IReadOnlyList<string> text = calls.Count > 0 ? [] : ResponseFormat(root) is { } json ? JsonPieces.Split(json, FakeAnswer.JsonPieceCount)
                : FakeScript.Reply(userText) is { } reply ? [reply] : tokens;
            answer = new FakeAnswer([], text, calls);
        }

        var outputs = (answer.Text.Count > 0 ? 1 : 0) + answer.Calls.Count;
        return new ResponsePlan(id, "msg_" + id["resp_".Length..], String(root, "model") ?? "", root, answer, prior + items.Count + outputs);
    }

    /// <summary>JSON text for text.format json_schema (an example of its schema) or json_object; null for plain text.</summary>
    private string? ResponseFormat(JsonElement root)
    {
        var format = Node(root, "text") is { } text && Node(text, "format") is { } f ? f : default;
        return String(format, "type") switch
        {
            "json_schema" => SchemaExample.For(Node(format, "schema") ?? default),
            "json_object" => $$"""{"answer":{{Json(Token(0))}}}""",
            _ => null,
        };
    }

    /// <summary>The response object: in progress (no output, no usage) for the stream's first events, else completed.</summary>
    private static string ResponseJson(ResponsePlan plan, bool completed)
    {
        string Echo(string name, string fallback) =>
            plan.Request.ValueKind == JsonValueKind.Object && plan.Request.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : fallback;

        var json = new StringBuilder();
        json.Append($$"""{"id":"{{plan.Id}}","object":"response","created_at":1700000000,"status":"{{(completed ? "completed" : "in_progress")}}","error":null,"incomplete_details":null,""");
        json.Append($$"""
            "instructions":{{Echo("instructions", "null")}},"max_output_tokens":{{Echo("max_output_tokens", "null")}},"model":{{Json(plan.Model)}},"output":[{{(completed ? string.Join(",", OutputItems(plan, completed: true)) : "")}}],
            """.TrimEnd());
        json.Append($$"""
            "parallel_tool_calls":{{Echo("parallel_tool_calls", "true")}},"previous_response_id":{{Echo("previous_response_id", "null")}},"reasoning":{"effort":null,"summary":null},"store":{{Echo("store", "true")}},
            """.TrimEnd());
        json.Append($$"""
            "temperature":{{Echo("temperature", "1")}},"text":{{Echo("text", """{"format":{"type":"text"}}""")}},"tool_choice":{{Echo("tool_choice", "\"auto\"")}},"tools":{{Echo("tools", "[]")}},"top_p":{{Echo("top_p", "1")}},"truncation":"disabled",
            """.TrimEnd());
        var output = plan.OutputTokens;
        var usage = completed ? $$"""{"input_tokens":5,"input_tokens_details":{"cached_tokens":0},"output_tokens":{{output}},"output_tokens_details":{"reasoning_tokens":0},"total_tokens":{{5 + output}}}""" : "null";
        json.Append($$"""
            "usage":{{usage}},"user":null,"metadata":{{Echo("metadata", "{}")}}}
            """.TrimEnd());
        return json.ToString();
    }

    /// <summary>The output items: the message (when there is text), then one function_call per call.</summary>
    private static List<string> OutputItems(ResponsePlan plan, bool completed)
    {
        List<string> items = [];
        if (plan.Answer.Text.Count > 0)
        {
            items.Add(MessageItem(plan, completed));
        }

        items.AddRange(plan.Answer.Calls.Select((c, i) => CallItem(plan, i, completed)));
        return items;
    }

    private static string MessageItem(ResponsePlan plan, bool completed) =>
        $$"""{"id":"{{plan.MessageId}}","type":"message","status":"{{(completed ? "completed" : "in_progress")}}","role":"assistant","content":[{{(completed ? OutputText(string.Concat(plan.Answer.Text)) : "")}}]}""";

    private static string OutputText(string text) => $$"""{"type":"output_text","text":{{Json(text)}},"annotations":[]}""";

    private static string CallItem(ResponsePlan plan, int index, bool completed)
    {
        var call = plan.Answer.Calls[index];
        return $$"""{"id":"{{plan.CallItemId(index)}}","type":"function_call","status":"{{(completed ? "completed" : "in_progress")}}","arguments":{{Json(completed ? call.Arguments : "")}},"call_id":"{{call.Id}}","name":{{Json(call.Name)}}}""";
    }
}
