using Gateway.Operations;
using Gateway.Operations.Messages;
using Gateway.Protocols.Messages;
using Gateway.Providers;

namespace Gateway.Endpoints;

/// <summary>One <c>/v1/messages</c> request served by a provider that speaks chat completions: mapped there and back, errors in Anthropic's shape.</summary>
internal sealed class MessagesBridge(ReadOnlyMemory<byte> body) : IChatBridge
{
    private string _model = "";
    private BackgroundTokenEstimate? _inputEstimate;

    public byte[] ChatRequest(string model, bool stream, IProtocolTranslator? translator)
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

    public Stream ClientResponse(Stream chat, bool stream)
    {
        var model = _model;
        return stream
            ? TranslatingStream.Events(chat, new MessagesStreamMapper(model, _inputEstimate?.Value ?? 0).Feed)
            : TranslatingStream.Body(chat, answer => MessagesResponseMapper.Map(answer.Span, model));
    }

    public (int Status, byte[] Body) ClientError(int status, byte[] openAIError) => (status, AnthropicErrors.FromOpenAI(status, openAIError));
}
