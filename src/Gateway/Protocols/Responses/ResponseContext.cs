namespace Gateway.Protocols.Responses;

/// <summary>
/// What a translated Responses answer says about itself that the chat completion does not: the response id the
/// gateway chose (<c>resp_...</c>, which item ids derive from), when it was created (unix seconds), the model name to
/// report, and the client's whole <c>/v1/responses</c> body, whose settings a response object echoes back; once the
/// request is mapped, its namespaced and custom tools' chat names (calls go back under the client's names) and the
/// estimated input tokens <c>response.created</c> reports.
/// </summary>
internal sealed record ResponseContext(string Id, long CreatedAt, string Model, ReadOnlyMemory<byte> Request)
{
    public ResponseToolNames? Tools { get; init; }

    public long EstimatedInputTokens { get; init; }
}
