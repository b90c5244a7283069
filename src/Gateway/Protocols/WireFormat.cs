namespace Gateway.Protocols;

/// <summary>The wire formats the gateway reads and writes. Chat completions is the pivot: every other format translates to and from it.</summary>
internal enum WireFormat
{
    /// <summary>OpenAI chat completions (and every OpenAI-compatible provider).</summary>
    Chat,

    /// <summary>OpenAI Responses.</summary>
    Responses,

    /// <summary>Anthropic Messages.</summary>
    Messages,

    /// <summary>Google Gemini <c>generateContent</c>.</summary>
    Gemini,
}
