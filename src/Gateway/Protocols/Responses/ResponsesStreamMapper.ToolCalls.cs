using System.Buffers;
using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Responses;

/// <summary>
/// Chat tool calls as <c>function_call</c> items: a call's first chunk (its index, id and name) adds the item, its
/// argument pieces are deltas. Calls stay open until the finish reason, as chat streams may interleave them.
/// </summary>
internal sealed partial class ResponsesStreamMapper
{
    private void ToolCallDelta(ChatToolCallDelta call, IBufferWriter<byte> output)
    {
        var (id, name) = (call.Id, call.Name);
        var index = ChatIndex(call.Index, id);
        if (!_calls.TryGetValue(index, out var item))
        {
            CloseOpen(OutputItem.Completed, output);
            item = new OutputItem(OutputKind.FunctionCall, context.Id, _items.Count);
            item.CallId = id ?? OutputItem.FallbackCallId(context.Id, item.OutputIndex);
            item.Name.Append(name);
            item.Tool = context.Tools?.Find(item.Name.ToString());
            _calls[index] = item;
            _items.Add(item);
            ItemEvent(ResponsesEvents.OutputItemAdded, item, output);
        }
        else if (item.Name.Length == 0)
        {
            item.Name.Append(name);
            item.Tool = context.Tools?.Find(item.Name.ToString());
        }

        if (call.Arguments is { Length: > 0 } arguments)
        {
            item.Arguments.Append(arguments);
            if (item.Tool is { Custom: true })
            {
                // A custom tool's input is text inside the JSON arguments: sent whole when the call ends.
                return;
            }

            var writer = Begin(output, ResponsesEvents.FunctionCallArgumentsDelta);
            writer.WriteString("item_id"u8, item.Id);
            writer.WriteNumber("output_index"u8, item.OutputIndex);
            writer.WriteString("delta"u8, arguments);
            End(output, writer);
        }
    }

    /// <summary>The chat tool call's <c>index</c>; without one (a few providers), a new id is a new call and no id the last call.</summary>
    private int ChatIndex(int? index, string? id)
    {
        if (index is { } value)
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
}
