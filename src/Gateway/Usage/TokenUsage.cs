namespace Gateway.Usage;

/// <summary>Tokens an upstream reported in its <c>usage</c> object.</summary>
internal readonly record struct TokenUsage(long PromptTokens, long CompletionTokens);
