namespace Gateway.Protocols.Chat;

/// <summary>
/// A chunk's <c>error</c>: its string fields as sent (null when absent or not a string); an error that is a bare
/// string is its <see cref="Message"/>. <see cref="Status"/> is a numeric <c>code</c> (some providers put the status there).
/// </summary>
internal sealed record ChatError(string? Message, string? Type, string? Code, string? Param, int? Status = null);
