using System.Net.Http.Headers;
using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Chat;
using Gateway.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gateway.Providers;

/// <summary>
/// A provider whose format is not chat completions, as the forwarder meets it: the pure translator its adapter found
/// by (chat, its format), with what the translator leaves to its caller: the provider's default output limit, the
/// clock a chat answer is stamped with, request content, the log of dropped parameters, and streams read through
/// <see cref="TranslatingStream"/>. OpenAI-compatible adapters have none: their bytes pass through untouched.
/// </summary>
internal sealed partial class ProtocolTranslator(ITranslator translator, ProviderOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The provider's request body for the chat <paramref name="chatBody"/>; throws <see cref="TranslationException"/> for input it cannot map.</summary>
    public HttpContent TranslateRequest(ReadOnlyMemory<byte> chatBody, string model, bool stream)
    {
        var body = translator.Request(chatBody.Span, model, stream, options.DefaultMaxTokens, out var dropped);
        if (dropped.Count > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            // Parameter names are the client's JSON keys: each made one-line and short, the list bounded.
            Log.Dropped(logger, translator.Name, options.Name, LogText.Safe(string.Join(", ", dropped.Select(name => LogText.Safe(name, 64))), 1024));
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A chat view of a successful response body, for a chat client: a chat.completion, or chat.completion.chunk events.</summary>
    public Stream TranslateResponse(Stream body, bool stream)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        return stream
            ? TranslatingStream.Events(body, new StreamTranslation(translator.StreamReader(), new ChatStreamWriter(created)).Feed)
            : TranslatingStream.Body(body, answer => translator.Response(answer.Span, created));
    }

    /// <summary>A reader of the provider's stream as typed chat events, for a bridge that writes another client format from them.</summary>
    public IChatEventReader StreamReader() => translator.StreamReader();

    /// <summary>An OpenAI error body and status for the provider's error response.</summary>
    public (int Status, byte[] Body) TranslateError(int status, ReadOnlySpan<byte> body) => translator.Error(status, body);

    /// <inheritdoc cref="ITranslator.ServesBuiltInTool"/>
    public bool ServesBuiltInTool(string name) => translator.ServesBuiltInTool(name);

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AnthropicFieldsDropped, Level = LogLevel.Debug, Message = "Parameters {Parameters} have no {Format} equivalent and were not sent to {Provider}")]
        public static partial void Dropped(ILogger logger, string format, string provider, string parameters);
    }
}
