using System.Text.Json;
using Gateway.Protocols;
using Gateway.Protocols.Messages;
using Gateway.Providers;
using Gateway.Usage;

namespace Gateway.Operations.Messages;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: the input tokens of a Messages request, counted with a real tokenizer
/// (o200k, the vocabulary of OpenAI's current models, shipped in its package), since the request will be served by
/// an OpenAI-compatible model and Anthropic's own tokenizer is not public. Counted: the system prompt, the text of
/// every turn, tool calls (name and input JSON) and tool results, tool definitions (name, description, input
/// schema JSON), a fixed estimate per image, and a few tokens per turn for the chat template's markers. Thinking
/// from earlier turns is not counted (Anthropic does not count it either, and it is not sent upstream). Blocks
/// without a chat-completions form are refused as in <see cref="MessagesRequestMapper"/>.
/// </summary>
internal sealed class MessagesTokenCounter
{
    /// <summary>Per turn: the role and turn markers a chat template wraps each message in (OpenAI's published figure).</summary>
    public const int TurnTokens = 3;

    /// <summary>
    /// Per image, whatever its size: Anthropic's cost of an image at the largest size it keeps before scaling
    /// down (about 1.15 megapixels, width x height / 750), so budgets err on the safe side.
    /// </summary>
    public const int ImageTokens = 1600;

    /// <summary>Loads the vocabulary now (it takes a moment, about 200,000 entries) rather than in the first request that counts.</summary>
    public static void Load() => O200kTokens.Load();

    /// <summary>
    /// The input tokens; <see cref="TranslationException"/> (answered 400) for a body that is not a valid request or holds
    /// blocks with no chat-completions form. Within <paramref name="work"/> (its cap and cancellation) when given.
    /// </summary>
    public static long Count(ReadOnlySpan<byte> countTokensBody, TokenWork? work = null)
    {
        work ??= TokenWork.Unbounded;
        try
        {
            var reader = new Utf8JsonReader(countTokensBody, Contracts.JsonText.ReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                throw new TranslationException("The body must be a JSON object with a 'messages' array.");
            }

            var tokens = root.TryGetProperty("system", out var system) ? Content(system, work) : 0;
            foreach (var message in messages.EnumerateArray())
            {
                if (MessagesJson.String(message, "role") is not ("user" or "assistant"))
                {
                    throw new TranslationException("Each message's 'role' must be 'user' or 'assistant'.");
                }

                tokens += TurnTokens + (message.TryGetProperty("content", out var content) ? Content(content, work) : 0);
            }

            if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
            {
                foreach (var tool in tools.EnumerateArray())
                {
                    tokens += Tool(tool, work);
                }
            }

            return tokens;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TranslationException("The body is not a valid count_tokens request: " + e.Message);
        }
    }

    private static long Text(string? text, TokenWork work) => string.IsNullOrEmpty(text) ? 0 : O200kTokens.Count(text, work);

    /// <summary>A content value: a string, or blocks.</summary>
    private static long Content(JsonElement content, TokenWork work) => content.ValueKind switch
    {
        JsonValueKind.String => Text(content.GetString(), work),
        JsonValueKind.Array => content.EnumerateArray().Sum(block => Block(block, work)),
        JsonValueKind.Null => 0,
        _ => throw new TranslationException("Content must be a string or an array of content blocks."),
    };

    private static long Block(JsonElement block, TokenWork work) => MessagesJson.BlockType(block) switch
    {
        "text" => Text(MessagesJson.String(block, "text"), work),
        "image" => ImageTokens,
        "tool_use" => Text(MessagesJson.String(block, "name"), work) + (block.TryGetProperty("input", out var input) ? Text(MessagesJson.Compact(input), work) : 0),
        "tool_result" => block.TryGetProperty("content", out var result) ? Content(result, work) : 0,
        "thinking" or "redacted_thinking" => 0,
        var type => throw new TranslationException($"Content block type '{type}' has no chat-completions form."),
    };

    private static long Tool(JsonElement tool, TokenWork work)
    {
        if (MessagesJson.String(tool, "type") is { } type && type != "custom")
        {
            throw new TranslationException($"Tool type '{type}' is a tool Anthropic runs or defines itself; it has no chat-completions form.");
        }

        return Text(MessagesJson.String(tool, "name"), work) + Text(MessagesJson.String(tool, "description"), work)
            + (tool.TryGetProperty("input_schema", out var schema) ? Text(MessagesJson.Compact(schema), work) : 0);
    }
}
