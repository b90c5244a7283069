using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Messages;

/// <summary>One chat.completion.chunk: an error, the first choice's delta and finish reason, the usage.</summary>
internal sealed partial class MessagesStreamMapper
{
    private void MapChunk(JsonElement chunk, IBufferWriter<byte> output)
    {
        if (chunk.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (chunk.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            MessagesErrors.WriteStreamEvent(output, MessagesErrors.TypeForOpenAI(error), MessagesErrors.OpenAIMessage(error) ?? "The provider reported an error.");
            _ended = true;
            return;
        }

        if (!_started)
        {
            Start(output, MessagesJson.String(chunk, "id"));
        }

        if (chunk.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            && choices[0].ValueKind == JsonValueKind.Object)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                MapDelta(delta, output);
            }

            _finishReason = MessagesJson.String(choice, "finish_reason") ?? _finishReason;
        }

        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            _usage = MessagesUsage.From(usage);
            if (_finishReason is not null)
            {
                // The usage chunk OpenAI sends after the finish reason (stream_options.include_usage) is the last word.
                Finish(output);
            }
        }
    }

    private static MessagesStreamPiece Piece(JsonElement delta, string name) => delta.TryGetProperty(name, out var value) ? new(value) : default;

    private void MapDelta(JsonElement delta, IBufferWriter<byte> output)
    {
        // A provider that sends both reasoning fields sends the same text twice: reasoning_content is enough.
        var reasoning = Piece(delta, "reasoning_content");
        if (reasoning.IsEmpty)
        {
            reasoning = Piece(delta, "reasoning");
        }

        if (!reasoning.IsEmpty)
        {
            Content(BlockKind.Thinking, -1, reasoning, output);
        }

        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (Piece(delta, name) is { IsEmpty: false } text)
            {
                Content(BlockKind.Text, -1, text, output);
            }
        }

        if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var call in calls.EnumerateArray())
            {
                ToolCallDelta(call, position++, output);
            }
        }
    }
}
