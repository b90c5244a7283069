using System.Text;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// A chat completion (non-streaming) to a Responses response object (pure): reasoning text to a <c>reasoning</c> item,
/// the message's text and refusal to one <c>message</c> item, each tool call to a <c>function_call</c> item;
/// <c>finish_reason</c> length or content_filter to status <c>incomplete</c> with its reason; usage in the Responses
/// shape. The response id, time, model and echoed settings come from the <see cref="ResponseContext"/>.
/// </summary>
internal static class ResponsesResponseMapper
{
    public static CompletedResponse Map(ReadOnlySpan<byte> chatCompletion, ResponseContext context)
    {
        using var document = ResponsesJson.Parse(chatCompletion);
        var root = document.RootElement;
        var choice = FirstChoice(root);
        choice.TryGetProperty("message", out var message);
        var items = new List<OutputItem>();
        AddText(items, OutputKind.Reasoning, context.Id, (OutputPart.ReasoningText, ResponsesJson.String(message, "reasoning_content") ?? ResponsesJson.String(message, "reasoning")));
        AddText(items, OutputKind.Message, context.Id, (OutputPart.OutputText, Content(message)), (OutputPart.Refusal, ResponsesJson.String(message, "refusal")));
        if (ResponsesJson.Has(message, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                var item = new OutputItem(OutputKind.FunctionCall, context.Id, items.Count);
                call.TryGetProperty("function", out var function);
                item.CallId = ResponsesJson.String(call, "id") ?? OutputItem.FallbackCallId(context.Id, item.OutputIndex);
                item.Name.Append(ResponsesJson.String(function, "name"));
                item.Arguments.Append(ResponsesJson.String(function, "arguments"));
                item.Tool = context.Tools?.Find(item.Name.ToString());
                items.Add(item);
            }
        }

        var (status, reason) = ResponseObjectWriter.Outcome(ResponsesJson.String(choice, "finish_reason"));
        SetStatuses(items, status == OutputItem.Incomplete ? OutputItem.Incomplete : OutputItem.Completed);
        var response = new ResponseObjectWriter(context).Write(status, items, reason, ResponseUsage.FromChat(root));
        return new CompletedResponse(response, ChatOutputMessages.Write(items));
    }

    /// <summary>The choice with index 0 (chat answers with <c>n</c> > 1 are read for their first choice only).</summary>
    public static JsonElement FirstChoice(JsonElement root)
    {
        if (!ResponsesJson.Has(root, "choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return default;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind == JsonValueKind.Object && ResponsesJson.Number(choice, "index") == 0)
            {
                return choice;
            }
        }

        return default;
    }

    /// <summary>
    /// The statuses a stream gives the same items: the item being written when the answer stopped (the tool calls,
    /// or else the last text item) gets <paramref name="final"/>; items finished before are completed.
    /// </summary>
    private static void SetStatuses(List<OutputItem> items, string final)
    {
        var lastText = items.FindLastIndex(i => i.Kind != OutputKind.FunctionCall);
        var anyCalls = items.Exists(i => i.Kind == OutputKind.FunctionCall);
        foreach (var item in items)
        {
            item.Status = item.Kind == OutputKind.FunctionCall || (item.OutputIndex == lastText && !anyCalls) ? final : OutputItem.Completed;
        }
    }

    private static void AddText(List<OutputItem> items, OutputKind kind, string responseId, params ReadOnlySpan<(string Type, string? Text)> parts)
    {
        OutputItem? item = null;
        foreach (var (type, text) in parts)
        {
            if (text is { Length: > 0 })
            {
                item ??= new OutputItem(kind, responseId, items.Count);
                var part = new OutputPart(type);
                part.Text.Append(text);
                item.Parts.Add(part);
            }
        }

        if (item is not null)
        {
            items.Add(item);
        }
    }

    /// <summary>The message's text: a string, or the text of its parts (a few providers answer with parts).</summary>
    private static string? Content(JsonElement message)
    {
        if (!ResponsesJson.Has(message, "content", out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return null;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            text.Append(ResponsesJson.String(part, "text"));
        }

        return text.ToString();
    }
}
