namespace Gateway.Conversations;

/// <summary>
/// A response the gateway answered through chat completions and keeps: the response object (for
/// <c>GET /v1/responses/{id}</c>) and the whole conversation as chat messages (for <c>previous_response_id</c>), with
/// the owner who may read it.
/// </summary>
internal sealed record StoredResponse(string Id, string Owner, byte[] Response, byte[] Messages);
