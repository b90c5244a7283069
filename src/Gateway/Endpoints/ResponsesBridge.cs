using Gateway.Conversations;
using Gateway.Operations;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Responses;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// One <c>/v1/responses</c> request served through chat completions: the body mapped with the earlier turns of its
/// conversation, the answer mapped back, and, when the client did not say <c>"store": false</c>, the response and
/// the whole conversation saved before the client sees the end of the response, so a next turn on any replica finds it.
/// </summary>
internal sealed class ResponsesBridge(ReadOnlyMemory<byte> body, byte[]? history, ResponseContext initial, Func<CompletedResponse, byte[], ValueTask>? save, bool strict = false) : IChatBridge
{
    private ResponseContext? _context;
    private byte[] _messages = [];
    private BackgroundTokenEstimate? _inputEstimate;

    public IReadOnlyList<string> Omitted { get; private set; } = [];

    /// <summary>The body as resolved and the conversation's earlier turns, both sent upstream.</summary>
    public (ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> History) Input => (body, history);

    public byte[] ChatRequest(string model, bool stream, ProtocolTranslator? translator)
    {
        var options = new ResponsesTranslationOptions(strict, translator is null ? null : translator.ServesBuiltInTool);
        var translation = ResponsesRequestMapper.Map(body.Span, model, stream, history ?? default, options);
        _messages = translation.Messages;
        Omitted = translation.Omitted;
        if (stream)
        {
            _inputEstimate ??= new BackgroundTokenEstimate(translation.Body);
        }

        _context = initial with { Model = model, Tools = translation.Tools };
        return translation.Body;
    }

    public Stream ClientBody(Stream chat)
    {
        var attemptContext = (_context ?? initial) with { EstimatedInputTokens = _inputEstimate?.Value ?? 0 };
        var messages = _messages;
        CompletedResponse? completed = null;
        var whole = TranslatingStream.Body(chat, answer => (completed = ResponsesResponseMapper.Map(answer.Span, attemptContext)).Response);
        return save is null ? whole : new SavingStream(whole, () => completed, done => save(done, messages));
    }

    /// <summary>The provider's events (chat, or its own format's as its reader gives them) written once as Responses events.</summary>
    public Stream ClientStream(Stream upstream, IChatEventReader? reader)
    {
        var attemptContext = (_context ?? initial) with { EstimatedInputTokens = _inputEstimate?.Value ?? 0 };
        var messages = _messages;
        var mapper = new ResponsesStreamMapper(attemptContext);
        var events = TranslatingStream.Events(upstream, new StreamTranslation(reader ?? new ChatStreamReader(), mapper).Feed);
        return save is null ? events : new SavingStream(events, () => mapper.Completed, done => save(done, messages));
    }

    /// <summary>The provider's OpenAI-shaped error is already the Responses API's shape.</summary>
    public (int Status, byte[] Body) ClientError(int status, byte[] openAIError) => (status, openAIError);
}
