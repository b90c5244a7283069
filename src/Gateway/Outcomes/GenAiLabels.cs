namespace Gateway.Outcomes;

/// <summary>
/// The GenAI attributes of an attempt (OpenTelemetry semantic conventions), all bounded: the operation
/// (<c>chat</c>, <c>embeddings</c>, ...), the provider's vendor (<c>openai</c>, <c>anthropic</c>, <c>azure.ai.openai</c>)
/// and the model the client asked for as a label (a tier, alias or configured model, else <c>other</c>).
/// </summary>
internal readonly record struct GenAiLabels(string Operation, string Provider, string RequestModel);
