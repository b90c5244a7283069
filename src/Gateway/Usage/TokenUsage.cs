namespace Gateway.Usage;

/// <summary>
/// Tokens an upstream reported in its <c>usage</c> object. <see cref="PromptTokens"/> counts every input token, those
/// read from or written to the provider's prompt cache included (OpenAI counts them so; Anthropic's
/// <c>input_tokens</c>, which leaves them out, is read with them added); <see cref="CachedTokens"/> (read from the cache:
/// OpenAI's <c>prompt_tokens_details.cached_tokens</c>, Anthropic's <c>cache_read_input_tokens</c>) and
/// <see cref="CacheWriteTokens"/> (Anthropic's <c>cache_creation_input_tokens</c>) are the parts priced apart.
/// </summary>
internal readonly record struct TokenUsage(long PromptTokens, long CompletionTokens, long CachedTokens = 0, long CacheWriteTokens = 0)
{
    /// <summary>Input tokens priced at the plain input price: neither read from nor written to the cache.</summary>
    public long UncachedPromptTokens => Math.Max(0, PromptTokens - CachedTokens - CacheWriteTokens);
}
