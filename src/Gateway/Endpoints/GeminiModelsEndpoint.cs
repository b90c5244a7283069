using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>GET /v1beta/models</c> and <c>GET /v1beta/models/{model}</c>: the models of <c>GET /v1/models</c> (tiers, aliases,
/// upstream models) in Google's shape, <c>{"models":[{"name":"models/smart",...}]}</c>, each with the three methods
/// the gateway serves. One page: no <c>nextPageToken</c>. Also under <c>/v1/models</c> for a Google client (<see cref="Asked"/>).
/// </summary>
internal sealed class GeminiModelsEndpoint(ModelsEndpoint models)
{
    private static readonly string[] Methods = ["generateContent", "streamGenerateContent", "countTokens"];

    /// <summary>Whether a <c>GET /v1/models</c> comes from a Google client (its key in <c>x-goog-api-key</c> or <c>?key=</c>), which wants this shape.</summary>
    public static bool Asked(HttpContext context) => context.Request.Headers.ContainsKey("x-goog-api-key") || context.Features.Get<QueryKey>() is not null;

    public Task ListAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, ProtocolJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("models");
            foreach (var (id, ownedBy) in models.Listed)
            {
                WriteModel(writer, id, ownedBy);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    public Task RetrieveAsync(HttpContext context, string model)
    {
        var id = model.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        id = id.StartsWith("models/", StringComparison.Ordinal) ? id[7..] : id;
        foreach (var (listed, ownedBy) in models.Listed)
        {
            if (listed == id)
            {
                context.Response.ContentType = "application/json";
                using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, ProtocolJson.Writer))
                {
                    WriteModel(writer, listed, ownedBy);
                }

                return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
            }
        }

        return OpenAIError.WriteAsync(context, 404, $"models/{(ModelName.IsValid(id) ? id : "(invalid name)")} is not found or is not served by this gateway.", ErrorTypes.InvalidRequest, "model_not_found");
    }

    private static void WriteModel(Utf8JsonWriter writer, string id, string ownedBy)
    {
        writer.WriteStartObject();
        writer.WriteString("name", "models/" + id);
        writer.WriteString("baseModelId", id);
        writer.WriteString("version", "1");
        writer.WriteString("displayName", id);
        writer.WriteString("description", $"Served by the gateway ({ownedBy}).");
        writer.WriteStartArray("supportedGenerationMethods");
        foreach (var method in Methods)
        {
            writer.WriteStringValue(method);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
