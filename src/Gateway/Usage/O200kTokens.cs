using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Gateway.Usage;

/// <summary>
/// The one o200k tokenizer of the process (its vocabulary ships in its NuGet package, about 200,000 entries, loaded on
/// first use and shared): token counts for count_tokens estimates, for admission's cost estimates and for the text
/// deltas a stream passed to a client that left before the upstream's usage came.
/// Counting is linear: BPE is quadratic in the length of one pre-token (a run without whitespace: 200,000 characters
/// took 38.8 s), so text goes to the tokenizer in pieces, cut inside any run longer than <see cref="MaxRun"/>
/// characters and, in ordinary text, before a word once a piece reaches <see cref="MaxPiece"/>. A cut inside a run adds
/// a token or so to the count, never fewer (estimates err on the safe side); ordinary text counts as before.
/// </summary>
internal static class O200kTokens
{
    /// <summary>The longest run of characters given to BPE at once when no word starts inside it.</summary>
    public const int MaxRun = 128;

    /// <summary>Ordinary text goes in pieces of about this many characters, cut before a word (cancellation is checked between pieces).</summary>
    public const int MaxPiece = 4096;

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
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : (int)Math.Min(int.MaxValue, Count(text.AsSpan(), TokenWork.Unbounded));

    /// <summary>
    /// The tokens of <paramref name="text"/>, within <paramref name="work"/>'s cap (past it, one per UTF-8 byte);
    /// throws <see cref="OperationCanceledException"/> when its token fires.
    /// </summary>
    public static long Count(ReadOnlySpan<char> text, TokenWork work)
    {
        var allowed = (int)work.Allow(text.Length);
        long tokens = 0;
        if (allowed < text.Length)
        {
            var rest = text[Math.Max(0, allowed)..];
            work.Overflowed(rest.Length);
            tokens += Encoding.UTF8.GetByteCount(rest);
            text = text[..Math.Max(0, allowed)];
        }

        var tokenizer = Tokenizer.Value;
        var (start, boundary) = (0, 0);
        for (var i = 1; i < text.Length; i++)
        {
            var wordStart = !char.IsWhiteSpace(text[i]) && char.IsWhiteSpace(text[i - 1]);
            if (wordStart)
            {
                boundary = i;
            }

            int cut;
            if (wordStart && i - start >= MaxPiece)
            {
                cut = i - 1; // the space goes with its word (" word" is one pre-token)
            }
            else if (i - Math.Max(start, boundary) >= MaxRun && !char.IsLowSurrogate(text[i]))
            {
                cut = i;
            }
            else
            {
                continue;
            }

            if (cut > start)
            {
                tokens += Piece(tokenizer, text[start..cut], work);
                start = cut;
            }
        }

        return start < text.Length ? tokens + Piece(tokenizer, text[start..], work) : tokens;
    }

    /// <summary>
    /// The tokens of the JSON string <paramref name="reader"/> is on, unescaped into a stack (or, when long, rented)
    /// buffer: a stream's text deltas are counted as they pass, without a string per delta.
    /// </summary>
    public static int Count(ref Utf8JsonReader reader) => (int)Math.Min(int.MaxValue, Count(ref reader, TokenWork.Unbounded));

    /// <summary>The tokens of the JSON string <paramref name="reader"/> is on, within <paramref name="work"/>.</summary>
    public static long Count(ref Utf8JsonReader reader, TokenWork work)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || reader.HasValueSequence || reader.ValueSpan.IsEmpty)
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
            return Count(buffer[..length], work);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int Piece(Tokenizer tokenizer, ReadOnlySpan<char> piece, TokenWork work)
    {
        work.Counted(piece.Length);
        return tokenizer.CountTokens(piece);
    }
}
