namespace Gateway.Protocols.Chat;

/// <summary>
/// One <c>chat.completion.chunk</c> as typed values: the event every translated stream passes from the reader of the
/// provider's format to the writer of the client's. Only the first choice is carried (translated surfaces ask for one).
/// A reader fills one instance per stream and clears it between events; a writer reads it during the call only.
/// </summary>
internal sealed class ChatChunk
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public ChatError? Error { get; set; }

    /// <summary>Whether the chunk has a first choice (an object in <c>choices</c>).</summary>
    public bool HasChoice { get; set; }

    public string? Role { get; set; }

    public string? Content { get; set; }

    /// <summary><c>reasoning_content</c> (DeepSeek, vLLM), else <c>reasoning</c> (OpenRouter, Ollama).</summary>
    public string? Reasoning { get; set; }

    public string? Refusal { get; set; }

    public List<ChatToolCallDelta> ToolCalls { get; } = [];

    public string? FinishReason { get; set; }

    public ChatUsage? Usage { get; set; }

    public void Clear()
    {
        (Id, Model, Error, HasChoice, Role, Content, Reasoning, Refusal, FinishReason, Usage) = (null, null, null, false, null, null, null, null, null, null);
        ToolCalls.Clear();
    }
}
