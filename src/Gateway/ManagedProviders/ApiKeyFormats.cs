namespace Gateway.ManagedProviders;

/// <summary>
/// The shape of an API key per provider type, checked when a key is stored (the seed's <c>INVALID_API_KEY</c>): the
/// prefixes the providers issue today, as data. Types not listed (ollama, azure, custom, together, cohere) accept any
/// key of sane length. A check of form only: whether the key works is what <c>/admin/providers/{id}/test</c> tells.
/// </summary>
internal static class ApiKeyFormats
{
    private static readonly Dictionary<string, string[]> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = ["sk-"],
        ["openrouter"] = ["sk-or-"],
        ["anthropic"] = ["sk-ant-"],
        ["groq"] = ["gsk_"],
        ["gemini"] = ["AIza"],
    };

    /// <summary>Null when <paramref name="key"/> fits <paramref name="type"/>, else why not (without the key).</summary>
    public static string? Check(string type, string key)
    {
        if (key.Length is < 8 or > 512 || key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "The API key must be 8 to 512 characters without spaces.";
        }

        return Prefixes.TryGetValue(type, out var prefixes) && !prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))
            ? $"This is not a {type} API key: {type} keys start with {string.Join(" or ", prefixes.Select(p => $"'{p}'"))}."
            : null;
    }
}
