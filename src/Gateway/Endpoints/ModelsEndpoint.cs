using System.Text.Json;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary><c>GET /v1/models</c>: the tiers, aliases and every configured upstream model, in OpenAI's list shape, rendered once.</summary>
internal sealed class ModelsEndpoint
{
    private readonly byte[] _body;

    public ModelsEndpoint(ModelResolver resolver, TimeProvider time)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            foreach (var (id, ownedBy) in resolver.ListModels())
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("object", "model");
                writer.WriteNumber("created", created);
                writer.WriteString("owned_by", ownedBy);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        _body = stream.ToArray();
    }

    public Task ListAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = _body.Length;
        return context.Response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }
}
