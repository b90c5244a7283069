namespace Gateway.Operations.Responses;

/// <summary>
/// What a translated Responses answer says about itself that the chat completion does not: the response id the
/// gateway chose (<c>resp_...</c>, which item ids derive from), when it was created (unix seconds), the model name to
/// report, and the client's whole <c>/v1/responses</c> body, whose settings a response object echoes back.
/// </summary>
internal sealed record ResponseContext(string Id, long CreatedAt, string Model, ReadOnlyMemory<byte> Request);
