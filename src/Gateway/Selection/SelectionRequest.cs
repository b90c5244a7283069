namespace Gateway.Selection;

/// <summary>
/// What a strategy may know of the request it orders candidates for: the client's model (priced when a candidate
/// keeps it), whether the answer streams, and the request's token estimate when admission made one (0 when not).
/// </summary>
internal readonly record struct SelectionRequest(string? Model, bool Stream, long InputTokens = 0, long OutputTokens = 0)
{
    /// <summary>Whether <see cref="InputTokens"/> and <see cref="OutputTokens"/> are a real estimate.</summary>
    public bool HasEstimate => InputTokens > 0 || OutputTokens > 0;
}
