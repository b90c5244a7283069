namespace Gateway.Protocols.Responses;

/// <summary>
/// A Responses request as chat completions: <see cref="Body"/> is the chat request to send; <see cref="Messages"/> is
/// the conversation so far as a JSON array of chat messages (earlier turns plus this request's input, without the
/// instructions, which OpenAI does not carry over to the next turn), for the conversation store. <see cref="Tools"/>
/// names the chat functions that stand for namespaced and custom tools; <see cref="Omitted"/> lists what was left out
/// of the request (<c>tools.web_search</c>), for the response header and the metric.
/// </summary>
internal readonly record struct ChatTranslation(byte[] Body, byte[] Messages, ResponseToolNames Tools, IReadOnlyList<string> Omitted);
