using Microsoft.ML.Tokenizers;

namespace Gateway.Usage;

/// <summary>
/// The one o200k tokenizer of the process (its vocabulary ships in its NuGet package, about 200,000 entries, loaded on
/// first use and shared): token counts for count_tokens estimates and for admission's cost estimates.
/// </summary>
internal static class O200kTokens
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Loads the vocabulary now rather than in the first request that counts.</summary>
    public static void Load() => _ = Tokenizer.Value;

    /// <summary>The tokens of <paramref name="text"/> (0 for none).</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);
}
