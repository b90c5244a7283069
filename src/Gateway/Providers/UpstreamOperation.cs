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

    // The rest of OpenAI's surface: forwarded as they come (model rewritten), to providers whose protocol has them.
    Completions,
    Moderations,
    ImageGenerations,
    AudioSpeech,
    AudioTranscriptions,
    AudioTranslations,
}
