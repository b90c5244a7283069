using System.Buffers;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Gateway.Usage;

/// <summary>
/// The one o200k tokenizer of the process (its vocabulary ships in its NuGet package, about 200,000 entries, loaded on
/// first use and shared): token counts for count_tokens estimates, for admission's cost estimates and for the text
/// deltas a stream passed to a client that left before the upstream's usage came.
/// </summary>
internal static class O200kTokens
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private static int _warming;

    /// <summary>Loads the vocabulary now rather than in the first request that counts.</summary>
    public static void Load() => _ = Tokenizer.Value;

    /// <summary>
    /// Loads the vocabulary on the thread pool, once, as soon as some limit exists (admission estimates every limited
    /// request): the first limited request on a replica otherwise waited for it, hundreds of milliseconds.
    /// </summary>
    public static void LoadInBackground()
    {
        if (!Tokenizer.IsValueCreated && Interlocked.Exchange(ref _warming, 1) == 0)
        {
            _ = Task.Run(Load);
        }
    }

    /// <summary>The tokens of <paramref name="text"/> (0 for none).</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>
    /// The tokens of the JSON string <paramref name="reader"/> is on, unescaped into a stack (or, when long, rented)
    /// buffer: a stream's text deltas are counted as they pass, without a string per delta.
    /// </summary>
    public static int Count(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueSpan.IsEmpty)
        {
            return 0;
        }

        // A string's UTF-16 length never exceeds its UTF-8 (escaped) length.
        var most = reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = most <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(most));
        try
        {
            var length = reader.CopyString(buffer);
            return Tokenizer.Value.CountTokens(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
