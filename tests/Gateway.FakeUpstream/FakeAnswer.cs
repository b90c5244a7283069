namespace Gateway.FakeUpstream;

/// <summary>
/// One answer the fake gives, before any protocol shapes it: reasoning deltas, text deltas and tool calls (each
/// possibly empty). Every protocol's JSON and stream are written from it, so they always agree.
/// </summary>
internal sealed record FakeAnswer(IReadOnlyList<string> Reasoning, IReadOnlyList<string> Text, IReadOnlyList<FakeToolCall> Calls)
{
    /// <summary>The reasoning a client gets when it asks for it, in two deltas.</summary>
    public static IReadOnlyList<string> Thinking { get; } = ["Let me think", " step by step."];

    /// <summary>How many pieces JSON text and tool arguments are cut into in streams.</summary>
    public const int JsonPieceCount = 3;

    /// <summary>The answer to tool results: "The tool said: " and the results joined with " and ".</summary>
    public static string ToolSaid(IEnumerable<string?> results) => "The tool said: " + string.Join(" and ", results);
}
