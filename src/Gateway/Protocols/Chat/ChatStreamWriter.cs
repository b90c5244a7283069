using System.Buffers;
using System.Text.Json;

namespace Gateway.Protocols.Chat;

/// <summary>
/// Typed chat events as <c>chat.completion.chunk</c> SSE events, for a chat client served by a provider of another
/// format. The part every chunk repeats (id, object, created, model) is encoded once per id and model and copied; one
/// JSON writer, reset per event, writes the rest. A usage chunk has no choices; an error is an OpenAI error event.
/// </summary>
internal sealed class ChatStreamWriter(long created) : IChatEventWriter
{
    private Utf8JsonWriter? _json;
    private byte[] _header = [];
    private string? _headerId;
    private string? _headerModel;

    public void Chunk(ChatChunk chunk, IBufferWriter<byte> output)
    {
        if (chunk.Error is { } error)
        {
            output.Write("data: "u8);
            Contracts.OpenAIError.WriteBody(Json(output), error.Message ?? "", error.Type ?? Contracts.ErrorTypes.Server, error.Code);
            End(output);
            return;
        }

        output.Write("data: "u8);
        output.Write(Header(chunk.Id ?? "", chunk.Model ?? ""));
        if (chunk.HasChoice)
        {
            output.Write(",\"choices\":["u8);
            var w = Json(output);
            w.WriteStartObject();
            w.WriteNumber(Names.Index, 0);
            w.WriteStartObject(Names.Delta);
            WriteDelta(w, chunk);
            w.WriteEndObject();
            if (chunk.FinishReason is null)
            {
                w.WriteNull(Names.FinishReason);
            }
            else
            {
                w.WriteString(Names.FinishReason, chunk.FinishReason);
            }

            w.WriteEndObject();
            w.Flush();
            output.Write("]"u8);
        }
        else
        {
            output.Write(",\"choices\":[]"u8);
        }

        if (chunk.Usage is { } usage)
        {
            output.Write(",\"usage\":"u8);
            var w = Json(output);
            w.WriteStartObject();
            w.WriteNumber(Names.PromptTokens, usage.PromptTokens);
            w.WriteNumber(Names.CompletionTokens, usage.CompletionTokens);
            w.WriteNumber(Names.TotalTokens, usage.TotalTokens > 0 ? usage.TotalTokens : usage.PromptTokens + usage.CompletionTokens);
            w.WriteEndObject();
            w.Flush();
        }

        output.Write("}\n\n"u8);
    }

    /// <summary>The text as it came, in the bytes <see cref="Chunk"/> writes for a chunk with only content (no JSON writer).</summary>
    public void Text(ChatChunk chunk, ReadOnlySpan<byte> jsonString, IBufferWriter<byte> output)
    {
        output.Write("data: "u8);
        output.Write(Header(chunk.Id ?? "", chunk.Model ?? ""));
        output.Write(",\"choices\":[{\"index\":0,\"delta\":{\"content\":"u8);
        output.Write(jsonString);
        output.Write("},\"finish_reason\":null}]}\n\n"u8);
    }

    public void Done(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    private static void WriteDelta(Utf8JsonWriter w, ChatChunk chunk)
    {
        if (chunk.Role is not null)
        {
            w.WriteString(Names.Role, chunk.Role);
        }

        if (chunk.Content is not null)
        {
            w.WriteString(Names.Content, chunk.Content);
        }

        if (chunk.Reasoning is not null)
        {
            // Chat's reasoning_content (DeepSeek's and vLLM's field), which Responses and Messages read back.
            w.WriteString(Names.ReasoningContent, chunk.Reasoning);
        }

        if (chunk.Refusal is not null)
        {
            w.WriteString(Names.Refusal, chunk.Refusal);
        }

        if (chunk.ToolCalls.Count == 0)
        {
            return;
        }

        w.WriteStartArray(Names.ToolCalls);
        for (var i = 0; i < chunk.ToolCalls.Count; i++)
        {
            var call = chunk.ToolCalls[i];
            w.WriteStartObject();
            w.WriteNumber(Names.Index, call.Index ?? i);
            if (call.Id is not null)
            {
                w.WriteString(Names.Id, call.Id);
                w.WriteString(Names.Type, Names.Function);
            }

            w.WriteStartObject(Names.Function);
            if (call.Name is not null)
            {
                w.WriteString(Names.Name, call.Name);
            }

            w.WriteString(Names.Arguments, call.Arguments ?? "");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary><c>{"id":…,"object":"chat.completion.chunk","created":…,"model":…</c>, encoded once for each id and model.</summary>
    private ReadOnlySpan<byte> Header(string id, string model)
    {
        if (!ReferenceEquals(id, _headerId) || !ReferenceEquals(model, _headerModel))
        {
            var buffer = new ArrayBufferWriter<byte>(128);
            using (var w = new Utf8JsonWriter(buffer, ProtocolJson.Writer))
            {
                w.WriteStartObject();
                w.WriteString(Names.Id, id);
                w.WriteString("object"u8, "chat.completion.chunk"u8);
                w.WriteNumber("created"u8, created);
                w.WriteString("model"u8, model);
                w.WriteEndObject();
            }

            _header = buffer.WrittenSpan[..^1].ToArray();
            (_headerId, _headerModel) = (id, model);
        }

        return _header;
    }

    private Utf8JsonWriter Json(IBufferWriter<byte> output)
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, ProtocolJson.Writer);
        }
        else
        {
            _json.Reset(output);
        }

        return _json;
    }

    private void End(IBufferWriter<byte> output)
    {
        _json!.Flush();
        output.Write("\n\n"u8);
    }

    private static class Names
    {
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
        public static readonly JsonEncodedText Delta = JsonEncodedText.Encode("delta");
        public static readonly JsonEncodedText FinishReason = JsonEncodedText.Encode("finish_reason");
        public static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");
        public static readonly JsonEncodedText Content = JsonEncodedText.Encode("content");
        public static readonly JsonEncodedText ReasoningContent = JsonEncodedText.Encode("reasoning_content");
        public static readonly JsonEncodedText Refusal = JsonEncodedText.Encode("refusal");
        public static readonly JsonEncodedText ToolCalls = JsonEncodedText.Encode("tool_calls");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Function = JsonEncodedText.Encode("function");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Arguments = JsonEncodedText.Encode("arguments");
        public static readonly JsonEncodedText PromptTokens = JsonEncodedText.Encode("prompt_tokens");
        public static readonly JsonEncodedText CompletionTokens = JsonEncodedText.Encode("completion_tokens");
        public static readonly JsonEncodedText TotalTokens = JsonEncodedText.Encode("total_tokens");
    }
}
