using System.Text.Json;
using Gateway.Providers.Discovery;
using Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>GET /v1/models</c>: the tiers, aliases and every configured upstream model, plus (with model discovery on) each
/// provider's live list, in OpenAI's list shape. Rendered once, and again only when the routing table is swapped or a
/// discovered list changes (never on the request path).
/// </summary>
internal sealed class ModelsEndpoint
{
    private static readonly Dictionary<string, IReadOnlyList<string>> NoneDiscovered = [];

    private readonly RoutingTableSource _routing;
    private readonly ModelDiscovery? _discovery;
    private readonly long _created;
    private readonly Lock _rendering = new();
    private volatile Rendered _rendered;

    public ModelsEndpoint(RoutingTableSource routing, TimeProvider time, ModelDiscovery? discovery = null)
    {
        (_routing, _discovery, _created) = (routing, discovery, time.GetUtcNow().ToUnixTimeSeconds());
        _rendered = Render();
        routing.Swapped += _ => Refresh();
        if (discovery is not null)
        {
            discovery.Changed += Refresh;
        }
    }

    /// <summary>The routing table version the current list was rendered from.</summary>
    public long Version => _rendered.Version;

    public Task ListAsync(HttpContext context) => WriteAsync(context, _rendered.List);

    /// <summary>The listed models (id and owner) in the listing's order, for surfaces with a list shape of their own (Gemini's).</summary>
    public IReadOnlyList<(string Id, string OwnedBy)> Listed => _rendered.Listed;

    /// <summary>
    /// <c>GET /v1/models/{id}</c>: one listed model (SDKs' <c>models.retrieve</c>), or 404 <c>model_not_found</c>. SDKs
    /// escape a slash in the id (<c>openai%2Fgpt-4o</c>), the one escape the server leaves in the path: it is undone here.
    /// </summary>
    public Task RetrieveAsync(HttpContext context, string id) =>
        _rendered.Models.TryGetValue(id.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase), out var body)
            ? WriteAsync(context, body)
            : Contracts.OpenAIError.WriteAsync(context, 404, $"The model '{(Contracts.ModelName.IsValid(id) ? id : "(invalid name)")}' does not exist or is not served by this gateway.", Contracts.ErrorTypes.InvalidRequest, "model_not_found");

    private static Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private void Refresh()
    {
        lock (_rendering)
        {
            _rendered = Render();
        }
    }

    private Rendered Render()
    {
        var table = _routing.Current;
        var discovered = (IReadOnlyDictionary<string, IReadOnlyList<string>>?)_discovery?.Models ?? NoneDiscovered;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var models = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var order = new List<(string Id, string OwnedBy)>();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "list");
            writer.WriteStartArray("data");
            var live = discovered.Where(p => table.Catalog.Find(p.Key) is not null)
                .OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => p.Value.Select(id => (id, p.Key)));
            foreach (var (id, ownedBy) in table.ListModels().Concat(live))
            {
                if (!listed.Add(id))
                {
                    continue;
                }

                order.Add((id, ownedBy));
                WriteModel(writer, id, ownedBy);
                using var one = new MemoryStream();
                using (var single = new Utf8JsonWriter(one))
                {
                    WriteModel(single, id, ownedBy);
                }

                models[id] = one.ToArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return new Rendered(table.Version, stream.ToArray(), models, order);
    }

    private void WriteModel(Utf8JsonWriter writer, string id, string ownedBy)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", _created);
        writer.WriteString("owned_by", ownedBy);
        writer.WriteEndObject();
    }

    private sealed record Rendered(long Version, byte[] List, Dictionary<string, byte[]> Models, List<(string Id, string OwnedBy)> Listed);
}
