using System.Text.Json;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// Counts the completion tokens a chat completions (or legacy completions) stream passed to its client, delta by delta:
/// each choice's <c>delta</c> <c>content</c>, <c>refusal</c>, <c>reasoning_content</c> and <c>reasoning</c>, its tool
/// calls' <c>function.arguments</c>, and a completion choice's <c>text</c>. Only those strings are unescaped and
/// tokenized; everything else is skipped by the reader. The usage and the end stay with the chat usage filter it rides
/// on (<see cref="ObservingStreamFilter"/>'s inner filter); it is only made for a request whose key has limits.
/// </summary>
internal sealed class ChatStreamObserver : IStreamObserver
{
    public bool Complete => false;

    public TokenUsage? Usage => null;

    public int PassedTokens { get; private set; }

    public void Observe(ReadOnlySpan<byte> sseEvent)
    {
        if (SseEvent.Data(sseEvent, out var json) != 1 || json.IndexOf("\"choices\""u8) < 0)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                PassedTokens += Properties(ref reader, Level.Chunk);
            }
        }
        catch (JsonException)
        {
            // A broken chunk is passed on as it came; it counts for nothing.
        }
    }

    private enum Level
    {
        Chunk,
        Choice,
        Delta,
        ToolCall,
        Function,
    }

    /// <summary>Counts the text of one object's properties at <paramref name="level"/>; the reader ends on its EndObject.</summary>
    private static int Properties(ref Utf8JsonReader reader, Level level)
    {
        var tokens = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (text, inner, array) = level switch
            {
                Level.Chunk => (false, Level.Choice, reader.ValueTextEquals("choices"u8)),
                Level.Choice => (reader.ValueTextEquals("text"u8), Level.Delta, false),
                Level.Delta => (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("refusal"u8) || reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8),
                    Level.ToolCall, reader.ValueTextEquals("tool_calls"u8)),
                Level.ToolCall => (false, Level.Function, false),
                _ => (reader.ValueTextEquals("arguments"u8), Level.Function, false),
            };
            var nested = level switch
            {
                Level.Choice => reader.ValueTextEquals("delta"u8),
                Level.ToolCall => reader.ValueTextEquals("function"u8),
                _ => false,
            };
            reader.Read();
            if (text && reader.TokenType == JsonTokenType.String)
            {
                tokens += O200kTokens.Count(ref reader);
            }
            else if (array && reader.TokenType == JsonTokenType.StartArray)
            {
                tokens += Elements(ref reader, inner);
            }
            else if (nested && reader.TokenType == JsonTokenType.StartObject)
            {
                tokens += Properties(ref reader, inner);
            }
            else
            {
                reader.Skip();
            }
        }

        return tokens;
    }

    /// <summary>Counts the objects of an array (choices, tool calls); the reader ends on its EndArray.</summary>
    private static int Elements(ref Utf8JsonReader reader, Level level)
    {
        var tokens = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                tokens += Properties(ref reader, level);
            }
            else
            {
                reader.Skip();
            }
        }

        return tokens;
    }
}
