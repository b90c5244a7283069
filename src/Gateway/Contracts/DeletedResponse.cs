using System.Text.Json.Serialization;

namespace Gateway.Contracts;

/// <summary>The answer to <c>DELETE /v1/responses/{id}</c>: <c>{"id","object":"response","deleted":true}</c>.</summary>
internal sealed record DeletedResponse([property: JsonPropertyName("id")] string Id)
{
    [JsonPropertyName("object")]
    public string Object => "response";

    [JsonPropertyName("deleted")]
    public bool Deleted => true;
}
