using Gateway.Protocols.Chat;

namespace Gateway.Protocols;

/// <summary>
/// The translation between chat completions (<see cref="From"/>, what the gateway's bridges speak) and a provider's
/// own format (<see cref="To"/>): the request one way; whole answers, streams (as typed events) and errors the other.
/// Pure: no HTTP, no logging, no clock (the caller passes the time a chat answer carries).
/// </summary>
internal interface ITranslator
{
    WireFormat From { get; }

    WireFormat To { get; }

    /// <summary>The provider format's name as people know it (Anthropic), for logs.</summary>
    string Name { get; }

    /// <summary>The provider's request body for a chat body; throws <see cref="TranslationException"/> for input it cannot map. <paramref name="dropped"/> names the chat parameters the format has no place for.</summary>
    byte[] Request(ReadOnlySpan<byte> chatBody, string model, bool stream, int defaultMaxTokens, out IReadOnlyList<string> dropped);

    /// <summary>A provider's whole answer as a <c>chat.completion</c>, stamped <paramref name="created"/>.</summary>
    byte[] Response(ReadOnlySpan<byte> body, long created);

    /// <summary>A reader of the provider's event stream, for one response.</summary>
    IChatEventReader StreamReader();

    /// <summary>An OpenAI error status and body for the provider's error answer.</summary>
    (int Status, byte[] Body) Error(int status, ReadOnlySpan<byte> body);

    /// <summary>
    /// Whether the provider runs the built-in tool <paramref name="name"/> (<c>web_search</c>) itself, taking it in the
    /// chat request as <c>{"type":"web_search","web_search":{...}}</c>.
    /// </summary>
    bool ServesBuiltInTool(string name);
}
