namespace Gateway.Accounts.Limits;

/// <summary>
/// What admission reads of a request before it is sent: the prompt tokens of everything the upstream will be sent, the
/// output each choice may take as the client asked (<c>max_tokens</c>, <c>max_completion_tokens</c> or
/// <c>max_output_tokens</c>; null when none), and how many choices it asks for (<c>n</c>, <c>best_of</c>).
/// </summary>
internal readonly record struct RequestShape(long Prompt, long? MaxOutput, long Choices);
