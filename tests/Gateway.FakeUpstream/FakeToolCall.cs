namespace Gateway.FakeUpstream;

/// <summary>A call the fake makes: its id, the tool's name, and arguments generated from the tool's schema (compact JSON).</summary>
internal sealed record FakeToolCall(string Id, string Name, string Arguments);
