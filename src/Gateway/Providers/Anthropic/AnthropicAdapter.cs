using Gateway.Configuration;
using Gateway.Protocols;
using Microsoft.Extensions.Logging;

namespace Gateway.Providers.Anthropic;

/// <summary>
/// <c>POST {url}/v1/messages</c> with <c>x-api-key</c> and <c>anthropic-version</c>, and what the provider can serve.
/// Its format is Anthropic Messages: bodies, streams and errors go through the translator found by (chat, Messages).
/// </summary>
internal sealed class AnthropicAdapter(ProviderOptions options, TimeProvider time, ILogger<AnthropicAdapter> logger) : IProviderAdapter
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

    public WireFormat Format => WireFormat.Messages;

    public ProtocolTranslator? Translator { get; } = new(Translators.Find(WireFormat.Chat, WireFormat.Messages)!, options, time, logger);

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
}
