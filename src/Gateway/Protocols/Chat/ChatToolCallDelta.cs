namespace Gateway.Protocols.Chat;

/// <summary>One entry of a chunk's <c>delta.tool_calls</c>: its <c>index</c> (null when the provider sent none), and the pieces present.</summary>
internal readonly record struct ChatToolCallDelta(int? Index, string? Id, string? Name, string? Arguments);
