using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Responses;

/// <summary>
/// A Responses request (<c>POST /v1/responses</c>) as a chat-completions request (pure). <c>instructions</c> become a
/// first system message; <c>input</c> (a string, or message, function call, function call output and reasoning items)
/// becomes chat messages after the earlier turns' (<c>previous_response_id</c>, read by the caller); function, namespace
/// and custom tools (see <see cref="WriteTools"/>), built-in tools served by the provider or left out,
/// <c>tool_choice</c>, <c>text.format</c>, <c>max_output_tokens</c>, <c>temperature</c>, <c>top_p</c>,
/// <c>parallel_tool_calls</c>, <c>user</c> and <c>reasoning.effort</c> take their chat form. What chat completions
/// cannot express (item references, file ids, background mode, stored prompts, conversations) throws
/// <see cref="TranslationException"/>. Ignored: <c>metadata</c>, <c>store</c>, <c>previous_response_id</c>,
/// <c>truncation</c>, <c>include</c>, <c>stream</c>, <c>stream_options</c>, <c>service_tier</c>, <c>top_logprobs</c>,
/// <c>max_tool_calls</c>, <c>prompt_cache_key</c>, <c>safety_identifier</c>, <c>text.verbosity</c>,
/// <c>reasoning.summary</c> and any field this mapper does not know.
/// </summary>
internal static partial class ResponsesRequestMapper
{
    public static ChatTranslation Map(ReadOnlySpan<byte> responsesBody, string model, bool stream, ReadOnlySpan<byte> historyMessages) =>
        Map(responsesBody, model, stream, historyMessages, ResponsesTranslationOptions.Default);

    public static ChatTranslation Map(ReadOnlySpan<byte> responsesBody, string model, bool stream, ReadOnlySpan<byte> historyMessages, ResponsesTranslationOptions options)
    {
        using var document = ResponsesJson.ParseRequest(responsesBody);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new TranslationException("The request body must be a JSON object.");
        }

        RejectUnsupported(root);
        var messages = InputMessages.Write(root.TryGetProperty("input", out var input) ? input : default, historyMessages);
        var body = new ArrayBufferWriter<byte>(responsesBody.Length + messages.Length + 256);
        var names = new ResponseToolNames();
        var omitted = new List<string>();
        using (var writer = new Utf8JsonWriter(body, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            WriteInstructions(writer, root);
            using (var conversation = ResponsesJson.Parse(messages))
            {
                foreach (var message in conversation.RootElement.EnumerateArray())
                {
                    message.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
            writer.WriteBoolean("stream", stream);
            if (stream)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            WriteTools(writer, root, options, names, omitted);
            WriteTextFormat(writer, root);
            WriteParameters(writer, root);
            writer.WriteEndObject();
        }

        return new ChatTranslation(body.WrittenSpan.ToArray(), messages, names, omitted);
    }

    private static void RejectUnsupported(JsonElement root)
    {
        if (root.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True)
        {
            throw new TranslationException("Background responses are not supported for this model's provider.");
        }

        foreach (var name in (ReadOnlySpan<string>)["prompt", "conversation"])
        {
            if (ResponsesJson.Has(root, name, out _))
            {
                throw new TranslationException($"'{name}' is not supported for this model's provider: it names state stored at OpenAI.");
            }
        }
    }

    private static void WriteInstructions(Utf8JsonWriter writer, JsonElement root)
    {
        if (!ResponsesJson.Has(root, "instructions", out var instructions))
        {
            return;
        }

        if (instructions.ValueKind != JsonValueKind.String)
        {
            throw new TranslationException("'instructions' must be a string.");
        }

        if (instructions.GetString() is { Length: > 0 } text)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", text);
            writer.WriteEndObject();
        }
    }

    private static void WriteParameters(Utf8JsonWriter writer, JsonElement root)
    {
        foreach (var (from, to) in (ReadOnlySpan<(string, string)>)[("max_output_tokens", "max_tokens"), ("temperature", "temperature"), ("top_p", "top_p")])
        {
            if (ResponsesJson.Has(root, from, out var value))
            {
                writer.WritePropertyName(to);
                (value.ValueKind == JsonValueKind.Number ? value : throw new TranslationException($"'{from}' must be a number.")).WriteTo(writer);
            }
        }

        if (ResponsesJson.String(root, "user") is { } user)
        {
            writer.WriteString("user", user);
        }

        if (ResponsesJson.Has(root, "reasoning", out var reasoning) && ResponsesJson.String(reasoning, "effort") is { } effort)
        {
            writer.WriteString("reasoning_effort", effort);
        }
    }
}
