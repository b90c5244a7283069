using System.Buffers;
using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Responses;

/// <summary>How the answer begins (created, in progress) and ends (finished items, then completed, incomplete or failed).</summary>
internal sealed partial class ResponsesStreamMapper
{
    private void Start(IBufferWriter<byte> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        // The estimated input tokens (chat reports usage only at the end, where response.completed has the real count).
        var estimate = context.EstimatedInputTokens;
        var response = _response.Write(OutputItem.InProgress, [], null, estimate > 0 ? new ResponseUsage(estimate, 0, 0, 0, estimate) : null);
        ResponseEvent(output, ResponsesEvents.Created, response);
        ResponseEvent(output, ResponsesEvents.InProgress, response);
    }

    private void Complete(IBufferWriter<byte> output)
    {
        Finish(null, output);
        _ended = true;
        var (status, reason) = ResponseObjectWriter.Outcome(_finishReason);
        var response = _response.Write(status, _items, reason, _usage);
        ResponseEvent(output, status == OutputItem.Incomplete ? ResponsesEvents.Incomplete : ResponsesEvents.Completed, response);
        Completed = new CompletedResponse(response, ChatOutputMessages.Write(_items));
    }

    private void Fail(ChatError error, IBufferWriter<byte> output)
    {
        _ended = true;
        var code = error.Code ?? error.Type;
        var message = error.Message ?? "The provider failed.";
        var writer = Begin(output, ResponsesEvents.Error);
        WriteNullable(writer, "code", code);
        writer.WriteString("message"u8, message);
        WriteNullable(writer, "param", error.Param);
        End(output, writer);
        ResponseEvent(output, ResponsesEvents.Failed, _response.Write("failed", _items, null, _usage, (code ?? "server_error", message)));
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
            if (item.Tool is { Custom: true })
            {
                var input = CustomToolArguments.Input(item.Arguments.ToString());
                var delta = Begin(output, ResponsesEvents.CustomToolCallInputDelta);
                delta.WriteString("item_id"u8, item.Id);
                delta.WriteNumber("output_index"u8, item.OutputIndex);
                delta.WriteString("delta"u8, input);
                End(output, delta);
                var done = Begin(output, ResponsesEvents.CustomToolCallInputDone);
                done.WriteString("item_id"u8, item.Id);
                done.WriteNumber("output_index"u8, item.OutputIndex);
                done.WriteString("input"u8, input);
                End(output, done);
                item.Status = status;
                ItemEvent(ResponsesEvents.OutputItemDone, item, output);
                continue;
            }

            var writer = Begin(output, ResponsesEvents.FunctionCallArgumentsDone);
            writer.WriteString("item_id"u8, item.Id);
            writer.WriteNumber("output_index"u8, item.OutputIndex);
            writer.WriteString("arguments"u8, item.Arguments.ToString());
            End(output, writer);
            item.Status = status;
            ItemEvent(ResponsesEvents.OutputItemDone, item, output);
        }
    }
}
