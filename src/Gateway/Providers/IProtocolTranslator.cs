using Gateway.Protocols;
namespace Gateway.Providers;

/// <summary>
/// Optional part of an adapter whose provider does not speak the OpenAI wire format: turns the OpenAI request
/// into the provider's, and the provider's responses, streams and errors back into OpenAI's. Adapters of
/// OpenAI-compatible providers do not implement it: their bytes pass through untouched.
/// </summary>
internal interface IProtocolTranslator
{
    /// <summary>The provider's request body for the OpenAI <paramref name="openAIBody"/>; throws <see cref="TranslationException"/> for input it cannot map.</summary>
    HttpContent TranslateRequest(ReadOnlyMemory<byte> openAIBody, string model, bool stream);

    /// <summary>An OpenAI-shaped view of a successful response body: a chat.completion, or chat.completion.chunk events.</summary>
    Stream TranslateResponse(Stream body, bool stream);

    /// <summary>An OpenAI error body and status for the provider's error response.</summary>
    (int Status, byte[] Body) TranslateError(int status, ReadOnlySpan<byte> body);

    /// <summary>
    /// Whether the provider runs the built-in tool <paramref name="name"/> (<c>web_search</c>) itself, taking it in the
    /// chat request as <c>{"type":"web_search","web_search":{...}}</c>.
    /// </summary>
    bool ServesBuiltInTool(string name) => false;
}
