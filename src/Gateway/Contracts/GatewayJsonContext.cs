using System.Text.Json.Serialization;

namespace Gateway.Contracts;

/// <summary>Source-generated JSON metadata for the few values the gateway serialises itself.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(DeletedResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
