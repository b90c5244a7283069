namespace Gateway.Protocols;

/// <summary>Recognises "the prompt is longer than the model's context window" in the providers' error messages.</summary>
internal static class ContextLength
{
    public const string Code = "context_length_exceeded";

    private static readonly string[] Phrases =
    [
        "context_length_exceeded", "maximum context length", "context length", "context window", "prompt is too long",
        "too many tokens", "input is too long", "exceeds the context",
    ];

    public static bool IsExceeded(string message) => Phrases.Any(p => message.Contains(p, StringComparison.OrdinalIgnoreCase));
}
