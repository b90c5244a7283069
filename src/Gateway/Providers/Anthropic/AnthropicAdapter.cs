using System.Net.Http.Headers;
using Gateway.Configuration;
using Gateway.Telemetry;
using Microsoft.Extensions.Logging;
using Gateway.Protocols;

using Gateway.Protocols.Messages;

namespace Gateway.Providers.Anthropic;

/// <summary><c>POST {url}/v1/messages</c> with <c>x-api-key</c> and <c>anthropic-version</c>; bodies, streams and errors translated.</summary>
internal sealed partial class AnthropicAdapter(ProviderOptions options, TimeProvider time, ILogger<AnthropicAdapter> logger) : IProviderAdapter, IProtocolTranslator
{
    public const string DefaultVersion = "2023-06-01";

    private readonly Uri _messages = new(options.Url.AbsoluteUri.TrimEnd('/') + "/v1/messages");
    private readonly Uri _models = new(options.Url.AbsoluteUri.TrimEnd('/') + "/v1/models");
    private readonly Uri _countTokens = new(options.Url.AbsoluteUri.TrimEnd('/') + "/v1/messages/count_tokens");

    /// <summary>
    /// Chat (and what reaches it as chat: Responses) and its own Messages (Anthropic has no embeddings), with text and
    /// image parts (no audio or file parts), one choice and no log probabilities (nothing in its protocol returns them).
    /// </summary>
    public bool CanServe(UpstreamOperation operation, Contracts.ContentKinds content) =>
        operation is UpstreamOperation.ChatCompletions or UpstreamOperation.Responses or UpstreamOperation.Messages or UpstreamOperation.CountTokens or UpstreamOperation.Models
        && (content & (Contracts.ContentKinds.Audio | Contracts.ContentKinds.File | Contracts.ContentKinds.ManyChoices | Contracts.ContentKinds.Logprobs)) == 0;

    /// <summary>Messages and token counting pass through untranslated.</summary>
    public bool ServesNatively(UpstreamOperation operation) => operation is UpstreamOperation.Messages or UpstreamOperation.CountTokens;

    public HttpRequestMessage CreateRequest(UpstreamOperation operation, string model)
    {
        if (operation == UpstreamOperation.Embeddings)
        {
            throw new TranslationException("Anthropic does not offer embeddings.");
        }

        if (OpenAISurfacePaths.Of(operation) is { } path)
        {
            throw new TranslationException($"Anthropic has no /v1/{path} endpoint.");
        }

        var request = new HttpRequestMessage(
            operation == UpstreamOperation.Models ? HttpMethod.Get : HttpMethod.Post,
            operation switch
            {
                UpstreamOperation.Models => _models,
                UpstreamOperation.CountTokens => _countTokens,
                _ => _messages,
            });
        if (options.Key is not null)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", options.Key);
        }

        request.Headers.TryAddWithoutValidation("anthropic-version", options.ApiVersion ?? DefaultVersion);
        return request;
    }

    public HttpContent TranslateRequest(ReadOnlyMemory<byte> openAIBody, string model, bool stream)
    {
        var mapper = new AnthropicRequestMapper(options.DefaultMaxTokens);
        byte[] body;
        try
        {
            body = mapper.Map(openAIBody.Span, model, stream);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException or ArgumentException or FormatException)
        {
            throw new TranslationException("The request has a shape this provider cannot take: " + e.Message);
        }

        if (mapper.Dropped.Count > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            // Parameter names are the client's JSON keys: each made one-line and short, the list bounded.
            Log.Dropped(logger, options.Name, LogText.Safe(string.Join(", ", mapper.Dropped.Select(name => LogText.Safe(name, 64))), 1024));
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public Stream TranslateResponse(Stream body, bool stream)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        if (!stream)
        {
            return TranslatingStream.Body(body, anthropic => AnthropicResponseMapper.Map(anthropic.Span, created));
        }

        var mapper = new AnthropicStreamMapper(created);
        return TranslatingStream.Events(body, mapper.Feed);
    }

    public (int Status, byte[] Body) TranslateError(int status, ReadOnlySpan<byte> body) => AnthropicErrorMapper.Map(status, body);

    /// <summary>Web search runs on Anthropic's side (<c>web_search_20250305</c>).</summary>
    public bool ServesBuiltInTool(string name) => AnthropicTools.ServesBuiltIn(name);

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Debug, Message = "Parameters {Parameters} have no Anthropic equivalent and were not sent to {Provider}")]
        public static partial void Dropped(ILogger logger, string provider, string parameters);
    }
}
