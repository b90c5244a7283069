using Gateway.Operations;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Gemini;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// One Gemini request served by a provider through chat completions (every provider: those with a protocol of their
/// own, Anthropic, translate chat further in their adapter). The request was mapped once on arrival; each attempt gets
/// it with its own model. Answers come back as Gemini's, errors in Google's shape.
/// </summary>
internal sealed class GeminiBridge(GeminiChatRequest mapped, GeminiFraming framing) : IChatBridge
{
    private string _model = "";

    public byte[] ChatRequest(string model, bool stream, ProtocolTranslator? translator)
    {
        _model = model;
        return mapped.WithModel(model);
    }

    /// <summary>Admission bounds what is sent: the mapped chat body (its <c>max_tokens</c> is the client's <c>maxOutputTokens</c>).</summary>
    public (ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> History) Input => (mapped.Body, default);

    public Stream ClientBody(Stream chat)
    {
        var (model, thoughts) = (_model, mapped.IncludeThoughts);
        return TranslatingStream.Body(chat, answer => GeminiResponseMapper.Map(answer.Span, model, thoughts));
    }

    public Stream ClientStream(Stream upstream, IChatEventReader? reader)
    {
        var mapper = new GeminiStreamMapper(_model, mapped.IncludeThoughts, framing);
        return TranslatingStream.Events(upstream, reader is null ? mapper.Feed : new ChatPivot(reader, mapper.Feed).Feed);
    }

    public (int Status, byte[] Body) ClientError(int status, byte[] openAIError) => (status, GeminiErrors.FromOpenAI(status, openAIError));
}
