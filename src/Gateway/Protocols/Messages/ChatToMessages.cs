using Gateway.Protocols.Chat;

namespace Gateway.Protocols.Messages;

/// <summary>Chat completions to Anthropic Messages and back: the request, whole answers, streams and errors (<see cref="ITranslator"/>).</summary>
internal sealed class ChatToMessages : ITranslator
{
    public static readonly ChatToMessages Instance = new();

    private ChatToMessages()
    {
    }

    public WireFormat From => WireFormat.Chat;

    public WireFormat To => WireFormat.Messages;

    public string Name => "Anthropic";

    public byte[] Request(ReadOnlySpan<byte> chatBody, string model, bool stream, int defaultMaxTokens, out IReadOnlyList<string> dropped)
    {
        var mapper = new AnthropicRequestMapper(defaultMaxTokens);
        try
        {
            var body = mapper.Map(chatBody, model, stream);
            dropped = mapper.Dropped;
            return body;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException or ArgumentException or FormatException)
        {
            throw new TranslationException("The request has a shape this provider cannot take: " + e.Message);
        }
    }

    public byte[] Response(ReadOnlySpan<byte> body, long created) => AnthropicResponseMapper.Map(body, created);

    public IChatEventReader StreamReader() => new MessagesStreamReader();

    public (int Status, byte[] Body) Error(int status, ReadOnlySpan<byte> body) => MessagesErrors.ToOpenAI(status, body);

    /// <summary>Web search runs on Anthropic's side (<c>web_search_20250305</c>).</summary>
    public bool ServesBuiltInTool(string name) => AnthropicTools.ServesBuiltIn(name);
}
