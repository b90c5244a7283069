using Gateway.Operations;
using Gateway.Protocols.Chat;
using Gateway.Protocols.Messages;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>One <c>/v1/messages</c> request served by a provider that speaks chat completions: mapped there and back, errors in Anthropic's shape.</summary>
internal sealed class MessagesBridge(ReadOnlyMemory<byte> body) : IChatBridge
{
    private string _model = "";
    private BackgroundTokenEstimate? _inputEstimate;

    public byte[] ChatRequest(string model, bool stream, ProtocolTranslator? translator)
    {
        _model = model;
        var chat = MessagesRequestMapper.Map(body.Span, model, stream);
        if (stream)
        {
            // Counted from the chat request (the same text, in an array the bridge owns) while the provider answers.
            _inputEstimate ??= new BackgroundTokenEstimate(chat);
        }

        return chat;
    }

    public Stream ClientBody(Stream chat)
    {
        var model = _model;
        return TranslatingStream.Body(chat, answer => MessagesResponseMapper.Map(answer.Span, model));
    }

    public Stream ClientStream(Stream upstream, IChatEventReader? reader)
    {
        var mapper = new MessagesStreamMapper(_model, _inputEstimate?.Value ?? 0);
        return TranslatingStream.Events(upstream, reader is null ? mapper.Feed : new ChatPivot(reader, mapper.Feed).Feed);
    }

    public (int Status, byte[] Body) ClientError(int status, byte[] openAIError) => (status, MessagesErrors.FromOpenAI(status, openAIError));
}
