using Gateway.Configuration;

namespace Gateway.Accounts;

/// <summary>
/// How admission estimates and holds a request's cost, and how often the ledger is written (<c>Gateway:Accounts</c>).
/// The defaults live here and nowhere else.
/// </summary>
public sealed record AccountsOptions
{
    /// <summary>
    /// Output tokens reserved (per choice) for a request that names no <c>max_tokens</c> / <c>max_completion_tokens</c> /
    /// <c>max_output_tokens</c>, when the price table has no maximum output for the model (<c>Gateway:Prices:&lt;model&gt;:MaxOutput</c>
    /// or the built-in list). Never a cap on what a client asks for. Default 16384.
    /// </summary>
    public long DefaultMaxOutputTokens { get; init; } = 16384;

    /// <summary>
    /// Characters of one request's text given to the tokenizer at most (admission's estimate, count_tokens); past it each
    /// UTF-8 byte counts as a token, an upper bound. Default 1,000,000.
    /// </summary>
    public long MaxTokenizedChars { get; init; } = 1_000_000;

    /// <summary>With <c>onShortfall: "clamp"</c>: the fewest output tokens worth sending; a budget that covers fewer refuses. Default 16.</summary>
    public long MinClampedOutputTokens { get; init; } = 16;

    /// <summary>Price of a model the price table does not know: never free. Default $10 in, $30 out per million tokens.</summary>
    public ModelPrice FallbackPrice { get; init; } = new(10, 30);

    /// <summary>How long a reservation is held when nobody settles it (a crashed replica). Default 10 minutes.</summary>
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the ledger's batch is written to the store. Default 5 s.</summary>
    public TimeSpan LedgerFlushInterval { get; init; } = TimeSpan.FromSeconds(5);
}
