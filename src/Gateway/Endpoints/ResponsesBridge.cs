using Gateway.Conversations;
using Gateway.Operations;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Responses;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>
/// One <c>/v1/responses</c> request served through chat completions: the body mapped with the earlier turns of its
/// conversation, the answer mapped back. The last attempt's answer, once complete, is the request's outcome
/// (<see cref="Completed"/>): the operation's hook stores it with the whole conversation.
/// </summary>
internal sealed class ResponsesBridge(ReadOnlyMemory<byte> body, byte[]? history, ResponseContext initial, bool strict = false) : IChatBridge
{
    private ResponseContext? _context;
    private byte[] _messages = [];
    private BackgroundTokenEstimate? _inputEstimate;
    private Func<CompletedResponse?> _completed = static () => null;
    private byte[] _completedMessages = [];

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

    /// <summary>The answer of the attempt whose response the client got, once the mapper completed it, with the chat messages sent for it; null before.</summary>
    public (CompletedResponse Response, byte[] Messages)? Completed => _completed() is { } done ? (done, _completedMessages) : null;

    public Stream ClientBody(Stream chat)
    {
        var attemptContext = (_context ?? initial) with { EstimatedInputTokens = _inputEstimate?.Value ?? 0 };
        _completedMessages = _messages;
        CompletedResponse? completed = null;
        _completed = () => completed;
        return TranslatingStream.Body(chat, answer => (completed = ResponsesResponseMapper.Map(answer.Span, attemptContext)).Response);
    }

    /// <summary>The provider's events (chat, or its own format's as its reader gives them) written once as Responses events.</summary>
    public Stream ClientStream(Stream upstream, IChatEventReader? reader)
    {
        var attemptContext = (_context ?? initial) with { EstimatedInputTokens = _inputEstimate?.Value ?? 0 };
        _completedMessages = _messages;
        var mapper = new ResponsesStreamMapper(attemptContext);
        _completed = () => mapper.Completed;
        return TranslatingStream.Events(upstream, new StreamTranslation(reader ?? new ChatStreamReader(), mapper).Feed);
    }

    /// <summary>The provider's OpenAI-shaped error is already the Responses API's shape.</summary>
    public (int Status, byte[] Body) ClientError(int status, byte[] openAIError) => (status, openAIError);
}
