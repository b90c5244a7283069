using System.Text.Json;

namespace Gateway.FakeUpstream;

/// <summary>A function tool the client offered, in any protocol: its name and its parameters' JSON Schema.</summary>
internal sealed record FakeTool(string Name, JsonElement Schema);
