namespace Gateway.Operations;

/// <summary>
/// One request of an operation with its own wire format (Responses, Anthropic Messages) served by a provider that only
/// speaks chat completions: the client's body becomes a chat request, and the chat answer (whole, streamed, or an error)
/// comes back in the client's format. Made once per request (it may carry the request's conversation); every attempt
/// asks for its own request body and response view, so a failed attempt leaves nothing behind for the next.
/// </summary>
internal interface IChatBridge
{
    /// <summary>
    /// The chat completions body for <paramref name="model"/>, for a provider whose own protocol is reached through
    /// <paramref name="translator"/> (null: it speaks chat); throws <see cref="Protocols.TranslationException"/> for input it cannot map.
    /// </summary>
    byte[] ChatRequest(string model, bool stream, Providers.ProtocolTranslator? translator);

    /// <summary>What the last <see cref="ChatRequest"/> left out of the request (<c>tools.web_search</c>): told to the client in a header.</summary>
    IReadOnlyList<string> Omitted => [];

    /// <summary>The client's view of a successful whole chat answer.</summary>
    Stream ClientBody(Stream chat);

    /// <summary>
    /// The client's view of a successful event stream, translated event by event: the provider's events as
    /// <paramref name="reader"/> reads them (null: the provider speaks chat), each written once in the client's format.
    /// </summary>
    Stream ClientStream(Stream upstream, Protocols.Chat.IChatEventReader? reader);

    /// <summary>
    /// What the upstream is sent beyond the client's body, for admission's bound: the body as mapped (item references
    /// resolved; empty: the client's) and the earlier turns a stored conversation replays (empty: none).
    /// </summary>
    (ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> History) Input => default;

    /// <summary>The client's error body for an OpenAI-shaped error the provider answered.</summary>
    (int Status, byte[] Body) ClientError(int status, byte[] openAIError);
}
