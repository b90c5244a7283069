using System.Text.Json;
using Gateway.Providers.Discovery;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>GET /v1/models</c>: the tiers, aliases and every configured upstream model, plus (with model discovery on) each
/// provider's live list, in OpenAI's list shape. Rendered once, and again only when a discovered list changes.
/// </summary>
internal sealed class ModelsEndpoint
{
    private readonly ModelResolver _resolver;
    private readonly long _created;
    private volatile byte[] _body;

    public ModelsEndpoint(ModelResolver resolver, TimeProvider time, ModelDiscovery? discovery = null)
    {
        (_resolver, _created) = (resolver, time.GetUtcNow().ToUnixTimeSeconds());
        _body = Render(new Dictionary<string, IReadOnlyList<string>>());
        if (discovery is not null)
        {
            discovery.Changed += () => _body = Render(discovery.Models);
        }
    }

    public Task ListAsync(HttpContext context)
    {
        var body = _body;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private byte[] Render(IReadOnlyDictionary<string, IReadOnlyList<string>> discovered)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            var live = discovered.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(id => (id, p.Key)));
            foreach (var (id, ownedBy) in _resolver.ListModels().Concat(live))
            {
                if (!listed.Add(id))
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", _created);
                writer.WriteString("owned_by", ownedBy);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
