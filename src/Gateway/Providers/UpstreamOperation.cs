namespace Gateway.Providers;

/// <summary>
/// The kind of an operation, which is all an adapter needs to map it to a provider URL (and to say whether it can
/// serve it). The operation itself, with its rules, is an operation object (the Operations folder); <see cref="Models"/>
/// is the admin and discovery listing, which has no client operation.
/// </summary>
internal enum UpstreamOperation
{
    ChatCompletions,
    Embeddings,
    Models,

    /// <summary>OpenAI's Responses API; providers that do not serve it natively get it as chat completions.</summary>
    Responses,

    /// <summary>Anthropic Messages; providers that do not serve it natively get it as chat completions.</summary>
    Messages,

    /// <summary>Anthropic's <c>/v1/messages/count_tokens</c>; answered by the gateway's tokenizer when no provider serves it.</summary>
    CountTokens,

    // The rest of OpenAI's surface: forwarded as they come (model rewritten), to providers whose protocol has them.
    Completions,
    Moderations,
    ImageGenerations,
    AudioSpeech,
    AudioTranscriptions,
    AudioTranslations,
}
