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
        var (item, part) = OpenPart(partType, output);
        part.Text.Append(text);
        var writer = BeginDelta(item, partType, output);
        writer.WriteString("delta"u8, text);
        EndDelta(writer, partType, output);
    }

    /// <summary>An output text delta given as the provider's JSON string token: decoded once into the part's text, written as it came.</summary>
    private void TextDelta(ReadOnlySpan<byte> jsonString, IBufferWriter<byte> output)
    {
        var (item, part) = OpenPart(OutputPart.OutputText, output);
        var reader = new System.Text.Json.Utf8JsonReader(jsonString);
        reader.Read();
        char[]? rented = null;
        var chars = jsonString.Length <= 256 ? stackalloc char[256] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(jsonString.Length));
        part.Text.Append(chars[..reader.CopyString(chars)]);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }

        var writer = BeginDelta(item, OutputPart.OutputText, output);
        writer.WritePropertyName("delta"u8);
        writer.WriteRawValue(jsonString, skipInputValidation: true);
        EndDelta(writer, OutputPart.OutputText, output);
    }

    /// <summary>The open item's part of <paramref name="partType"/>, opening the item and the part as needed (their events first).</summary>
    private (OutputItem Item, OutputPart Part) OpenPart(string partType, IBufferWriter<byte> output)
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

        return (item, part);
    }

    private System.Text.Json.Utf8JsonWriter BeginDelta(OutputItem item, string partType, IBufferWriter<byte> output)
    {
        var writer = Begin(output, partType switch
        {
            OutputPart.OutputText => ResponsesEvents.OutputTextDelta,
            OutputPart.Refusal => ResponsesEvents.RefusalDelta,
            _ => ResponsesEvents.ReasoningTextDelta,
        });
        WritePlace(writer, item, item.Parts.Count - 1);
        return writer;
    }

    private static void EndDelta(System.Text.Json.Utf8JsonWriter writer, string partType, IBufferWriter<byte> output)
    {
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
