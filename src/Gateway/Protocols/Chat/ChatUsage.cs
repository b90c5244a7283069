namespace Gateway.Protocols.Chat;

/// <summary>A chunk's <c>usage</c>: prompt and completion tokens, the total as sent (0: not sent), cached and reasoning details.</summary>
internal readonly record struct ChatUsage(long PromptTokens, long CompletionTokens, long TotalTokens = 0, long CachedTokens = 0, long ReasoningTokens = 0);
