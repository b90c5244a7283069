namespace Gateway.Protocols.Responses;

/// <summary>
/// A client tool as the client named it, behind the function name chat completions saw: a function of a
/// <c>namespace</c> tool (<see cref="Namespace"/> set), or a <c>custom</c> (free-form) tool whose one string argument
/// <c>input</c> is its text (<see cref="Custom"/>). Calls come back to the client under these names and kinds.
/// </summary>
internal sealed record ResponseTool(string? Namespace, string Name, bool Custom);
