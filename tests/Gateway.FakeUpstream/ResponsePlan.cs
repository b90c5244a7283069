using System.Text.Json;

namespace Gateway.FakeUpstream;

/// <summary>
/// One Responses API answer being written: its ids, the request it answers (for the fields the response echoes),
/// the answer, and the conversation's item count once it is stored.
/// </summary>
internal sealed record ResponsePlan(string Id, string MessageId, string Model, JsonElement Request, FakeAnswer Answer, int Items)
{
    /// <summary>The id of the function_call output item for call <paramref name="index"/>.</summary>
    public string CallItemId(int index) => $"fc_{Id["resp_".Length..]}_{index + 1}";

    /// <summary>Output tokens: one per text delta and per argument piece, as the stream sends them.</summary>
    public int OutputTokens => Answer.Text.Count + Answer.Calls.Sum(c => JsonPieces.Split(c.Arguments, FakeAnswer.JsonPieceCount).Count);
}
