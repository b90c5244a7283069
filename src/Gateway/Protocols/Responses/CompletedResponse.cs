namespace Gateway.Protocols.Responses;

/// <summary>
/// A finished Responses answer: <see cref="Response"/> is the response object (status completed or incomplete, its
/// output items and usage); <see cref="OutputMessages"/> is a JSON array of the assistant chat message this turn
/// produced (text and/or tool calls), to append to the stored conversation.
/// </summary>
internal sealed record CompletedResponse(byte[] Response, byte[] OutputMessages);
