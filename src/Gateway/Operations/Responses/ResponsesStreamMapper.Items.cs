using System.Buffers;
using System.Text.Json;

namespace Gateway.Operations.Responses;

/// <summary>
/// Output items as the chunks bring them. One text item (reasoning or message) is open at a time and is closed when
/// another kind of output starts; tool calls (by their chat index) stay open until the finish reason.
/// </summary>
internal sealed partial class ResponsesStreamMapper
{
    private void Delta(JsonElement delta, IBufferWriter<byte> output)
    {
        // Reasoning comes as reasoning_content (DeepSeek, vLLM) or reasoning (OpenRouter, Ollama); one of them is read.
        foreach (var (part, text) in (ReadOnlySpan<(string, string?)>)[
            (OutputPart.ReasoningText, ResponsesJson.String(delta, "reasoning_content") ?? ResponsesJson.String(delta, "reasoning")),
            (OutputPart.OutputText, ResponsesJson.String(delta, "content")),
            (OutputPart.Refusal, ResponsesJson.String(delta, "refusal"))])
        {
            if (text is { Length: > 0 })
            {
                TextDelta(part, text, output);
            }
        }

        if (ResponsesJson.Has(delta, "tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                ToolCallDelta(call, output);
            }
        }
    }

    private void TextDelta(string partType, string text, IBufferWriter<byte> output)
    {
        var kind = partType == OutputPart.ReasoningText ? OutputKind.Reasoning : OutputKind.Message;
        if (_open?.Kind != kind)
        {
            CloseOpen(OutputItem.Completed, output);
            _open = AddItem(kind, output);
        }

        var item = _open!;
        var part = item.Parts.Count > 0 ? item.Parts[^1] : null;
        if (part?.Type != partType)
        {
            if (part is not null)
            {
                PartDone(item, part, output);
            }

            part = new OutputPart(partType);
            item.Parts.Add(part);
            PartEvent(ResponsesEvents.ContentPartAdded, item, part, output);
        }

        part.Text.Append(text);
        var writer = Begin(output, partType switch
        {
            OutputPart.OutputText => ResponsesEvents.OutputTextDelta,
            OutputPart.Refusal => ResponsesEvents.RefusalDelta,
            _ => ResponsesEvents.ReasoningTextDelta,
        });
        WritePlace(writer, item, item.Parts.Count - 1);
        writer.WriteString("delta", text);
        WriteLogprobs(writer, partType);
        End(output, writer);
    }

    private void ToolCallDelta(JsonElement call, IBufferWriter<byte> output)
    {
        var id = ResponsesJson.String(call, "id");
        call.TryGetProperty("function", out var function);
        var name = ResponsesJson.String(function, "name");
        var index = ChatIndex(call, id);
        if (!_calls.TryGetValue(index, out var item))
        {
            CloseOpen(OutputItem.Completed, output);
            item = new OutputItem(OutputKind.FunctionCall, context.Id, _items.Count);
            item.CallId = id ?? OutputItem.FallbackCallId(context.Id, item.OutputIndex);
            item.Name.Append(name);
            _calls[index] = item;
            _items.Add(item);
            ItemEvent(ResponsesEvents.OutputItemAdded, item, output);
        }
        else if (item.Name.Length == 0)
        {
            item.Name.Append(name);
        }

        if (ResponsesJson.String(function, "arguments") is { Length: > 0 } arguments)
        {
            item.Arguments.Append(arguments);
            var writer = Begin(output, ResponsesEvents.FunctionCallArgumentsDelta);
            writer.WriteString("item_id", item.Id);
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WriteString("delta", arguments);
            End(output, writer);
        }
    }

    /// <summary>The chat tool call's <c>index</c>; without one (a few providers), a new id is a new call and no id the last call.</summary>
    private int ChatIndex(JsonElement call, string? id)
    {
        if (call.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var value))
        {
            return value;
        }

        foreach (var (known, item) in _calls)
        {
            if (id is null ? item == _items.FindLast(i => i.Kind == OutputKind.FunctionCall) : item.CallId == id)
            {
                return known;
            }
        }

        return _calls.Count == 0 ? 0 : _calls.Keys.Max() + 1;
    }

    /// <summary>The answer stopped: every open item is done, with the status the finish reason gives.</summary>
    private void Finish(string? reason, IBufferWriter<byte> output)
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _finishReason = reason;
        var status = ResponseObjectWriter.Outcome(reason).Status == OutputItem.Incomplete ? OutputItem.Incomplete : OutputItem.Completed;
        CloseOpen(status, output);
        foreach (var item in _items.Where(i => i.Kind == OutputKind.FunctionCall && i.Status == OutputItem.InProgress))
        {
            var writer = Begin(output, ResponsesEvents.FunctionCallArgumentsDone);
            writer.WriteString("item_id", item.Id);
            writer.WriteNumber("output_index", item.OutputIndex);
            writer.WriteString("arguments", item.Arguments.ToString());
            End(output, writer);
            item.Status = status;
            ItemEvent(ResponsesEvents.OutputItemDone, item, output);
        }
    }

    private OutputItem AddItem(OutputKind kind, IBufferWriter<byte> output)
    {
        var item = new OutputItem(kind, context.Id, _items.Count);
        _items.Add(item);
        ItemEvent(ResponsesEvents.OutputItemAdded, item, output);
        return item;
    }

    private void CloseOpen(string status, IBufferWriter<byte> output)
    {
        if (_open is not { } item)
        {
            return;
        }

        _open = null;
        PartDone(item, item.Parts[^1], output);
        item.Status = status;
        ItemEvent(ResponsesEvents.OutputItemDone, item, output);
    }
}
