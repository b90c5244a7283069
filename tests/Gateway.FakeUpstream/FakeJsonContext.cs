using System.Text.Json.Serialization;

namespace Gateway.FakeUpstream;

[JsonSerializable(typeof(string))]
internal sealed partial class FakeJsonContext : JsonSerializerContext;
