namespace Gateway.Caching;

/// <summary>
/// One kept answer, as the client received it: the body bytes, and for a stream where each write ended and how long
/// after the previous one it came (so a replay can keep, compress or drop the timing). What it cost when it was made
/// (tokens, micro-USD) is kept so a hit can be billed a share of it.
/// </summary>
/// <param name="ContentType">The answer's Content-Type.</param>
/// <param name="Model">The upstream model that answered (<c>x-gateway-model</c>), or empty.</param>
/// <param name="Stream">Whether the answer is an event stream.</param>
/// <param name="PromptTokens">The prompt tokens the answer was billed.</param>
/// <param name="CompletionTokens">The completion tokens the answer was billed.</param>
/// <param name="MicroUsd">The cost the answer was billed, in micro-USD.</param>
/// <param name="Body">The bytes the client received.</param>
/// <param name="Ends">For a stream, where each write ended in <paramref name="Body"/> (one chunk each); empty for a whole answer.</param>
/// <param name="Gaps">For a stream, milliseconds between each write and the one before it (the first: since the request was sent upstream).</param>
internal sealed record CachedResponse(string ContentType, string Model, bool Stream, long PromptTokens, long CompletionTokens, long MicroUsd, byte[] Body, int[] Ends, int[] Gaps)
{
    /// <summary>What the entry holds in memory, roughly: its bytes, its chunk table and a fixed overhead.</summary>
    public long Size => Body.Length + (Ends.Length * 8L) + ((ContentType.Length + Model.Length) * 2L) + 160;
}
