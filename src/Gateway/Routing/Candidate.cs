using System.Text;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Providers;

namespace Gateway.Routing;

/// <summary>One way to serve a request: a provider and the model to ask it for (null: the client's model, unchanged).</summary>
internal sealed class Candidate
{
    public Candidate(Provider provider, string? upstreamModel)
    {
        Provider = provider;
        UpstreamModel = upstreamModel;
        UpstreamModelJson = upstreamModel is null ? null : Encoding.UTF8.GetBytes(JsonSerializer.Serialize(upstreamModel, GatewayJsonContext.Default.String));
    }

    public Provider Provider { get; }

    public string? UpstreamModel { get; }

    /// <summary>The upstream model as a JSON string token (quotes included), spliced into the request body.</summary>
    public byte[]? UpstreamModelJson { get; }
}
