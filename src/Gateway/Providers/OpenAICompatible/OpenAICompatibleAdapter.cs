using Gateway.Configuration;

namespace Gateway.Providers.OpenAICompatible;

/// <summary>
/// <c>{url}/chat/completions</c>, <c>{url}/embeddings</c>, <c>{url}/models</c> and the rest of OpenAI's surface
/// (<see cref="OpenAISurfacePaths"/>) with a bearer key.
/// </summary>
internal sealed class OpenAICompatibleAdapter(ProviderOptions options) : IProviderAdapter
{
    private readonly Uri _chat = new(options.Url.AbsoluteUri.TrimEnd('/') + "/chat/completions");
    private readonly Uri _embeddings = new(options.Url.AbsoluteUri.TrimEnd('/') + "/embeddings");
    private readonly Uri _models = new(options.Url.AbsoluteUri.TrimEnd('/') + "/models");
    private readonly Uri _responses = new(options.Url.AbsoluteUri.TrimEnd('/') + "/responses");
    private readonly System.Collections.Frozen.FrozenDictionary<UpstreamOperation, Uri> _surface = OpenAISurfacePaths.Under(options.Url.AbsoluteUri.TrimEnd('/'));
    private readonly string? _authorization = options.Key is null ? null : "Bearer " + options.Key;

    /// <summary>The Responses API when the type or the configuration says so (<see cref="ProviderOptions.ServesResponses"/>).</summary>
    public bool ServesNatively(UpstreamOperation operation) => operation == UpstreamOperation.Responses && options.ServesResponses;

    public HttpRequestMessage CreateRequest(UpstreamOperation operation, string model)
    {
        var request = new HttpRequestMessage(
            operation == UpstreamOperation.Models ? HttpMethod.Get : HttpMethod.Post,
            operation switch
            {
                UpstreamOperation.ChatCompletions => _chat,
                UpstreamOperation.Embeddings => _embeddings,
                UpstreamOperation.Responses => _responses,
                var other when _surface.TryGetValue(other, out var surface) => surface,
                _ => _models,
            });
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }

        return request;
    }
}
