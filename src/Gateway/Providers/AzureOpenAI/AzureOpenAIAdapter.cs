using System.Collections.Concurrent;
using Gateway.Configuration;
using Gateway.Protocols;

namespace Gateway.Providers.AzureOpenAI;

/// <summary>
/// <c>{url}/openai/deployments/{deployment}/chat/completions?api-version=...</c>: the model the gateway
/// resolved (a tier's SMART/FAST value or the client's model) is the deployment name, checked by
/// <see cref="AzureDeploymentName"/> and escaped as one path segment. Embeddings and the rest of OpenAI's surface
/// (<see cref="OpenAISurfacePaths"/>: <c>.../audio/speech</c>, ...) sit under the deployment the same way.
/// </summary>
internal sealed class AzureOpenAIAdapter(ProviderOptions options) : IProviderAdapter
{
    private const int MaxCachedUris = 256;

    private readonly ConcurrentDictionary<(UpstreamOperation, string), Uri> _uris = new();
    private readonly string _base = options.Url.AbsoluteUri.TrimEnd('/');
    private readonly Uri _models = new($"{options.Url.AbsoluteUri.TrimEnd('/')}/openai/models?api-version={Uri.EscapeDataString(options.ApiVersion ?? "")}");

    /// <summary>Azure's v1 Responses route, <c>{url}/openai/v1/responses</c>, where the deployment is the body's <c>model</c>.</summary>
    private readonly Uri _responses = new($"{options.Url.AbsoluteUri.TrimEnd('/')}/openai/v1/responses");

    public bool ServesNatively(UpstreamOperation operation) => operation == UpstreamOperation.Responses && options.ServesResponses;

    /// <summary>Everything but moderations, which Azure OpenAI does not offer (its content filters run on every call instead).</summary>
    public bool CanServe(UpstreamOperation operation, Contracts.ContentKinds content) => operation != UpstreamOperation.Moderations;

    public HttpRequestMessage CreateRequest(UpstreamOperation operation, string model)
    {
        var uri = operation switch
        {
            UpstreamOperation.Models => _models,
            UpstreamOperation.Responses => _responses,
            _ => DeploymentUri(operation, model),
        };
        var request = new HttpRequestMessage(operation == UpstreamOperation.Models ? HttpMethod.Get : HttpMethod.Post, uri);
        if (options.Key is not null)
        {
            request.Headers.TryAddWithoutValidation("api-key", options.Key);
        }

        return request;
    }

    private Uri DeploymentUri(UpstreamOperation operation, string deployment)
    {
        if (_uris.TryGetValue((operation, deployment), out var uri))
        {
            return uri;
        }

        // The client's model becomes a path segment that carries the key: a name Azure could not have is refused unsent.
        if (!AzureDeploymentName.IsValid(deployment))
        {
            throw new TranslationException($"'model' is not a valid Azure OpenAI deployment name ({AzureDeploymentName.Rule}).");
        }

        var path = operation == UpstreamOperation.Embeddings ? "embeddings" : OpenAISurfacePaths.Of(operation) ?? "chat/completions";
        uri = new Uri($"{_base}/openai/deployments/{Uri.EscapeDataString(deployment)}/{path}?api-version={Uri.EscapeDataString(options.ApiVersion ?? "")}");

        // Pass-through model names come from clients: cache a bounded number so they cannot grow memory.
        if (_uris.Count < MaxCachedUris)
        {
            _uris.TryAdd((operation, deployment), uri);
        }

        return uri;
    }
}
