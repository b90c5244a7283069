using System.Buffers;
using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Responses;

/// <summary>
/// Output items as the chunks bring them. One text item (reasoning or message) is open at a time and is closed when
/// another kind of output starts; tool calls (by their chat index) stay open until the finish reason.
/// </summary>
internal sealed partial class ResponsesStreamMapper
{
    private void Delta(ChatChunk delta, IBufferWriter<byte> output)
    {
        // Reasoning comes as reasoning_content (DeepSeek, vLLM) or reasoning (OpenRouter, Ollama); one of them is read.
        if (delta.Reasoning is { Length: > 0 } reasoning)
        {
            TextDelta(OutputPart.ReasoningText, reasoning, output);
        }

        if (delta.Content is { Length: > 0 } content)
        {
            TextDelta(OutputPart.OutputText, content, output);
        }

        if (delta.Refusal is { Length: > 0 } refusal)
        {
            TextDelta(OutputPart.Refusal, refusal, output);
        }

        foreach (var call in delta.ToolCalls)
        {
            ToolCallDelta(call, output);
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
        writer.WriteString("delta"u8, text);
        WriteLogprobs(writer, partType);
        End(output, writer);
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
