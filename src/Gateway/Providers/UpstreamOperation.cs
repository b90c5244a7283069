namespace Gateway.Providers;

/// <summary>The OpenAI API operations the gateway forwards.</summary>
internal enum UpstreamOperation
{
    ChatCompletions,
    Embeddings,
    Models,
}
