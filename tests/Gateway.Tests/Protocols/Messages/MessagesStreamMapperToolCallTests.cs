using System.Text.Json;

namespace Gateway.Tests.Protocols.Messages;

/// <summary>Tool calls that chat completions streams in other orders than one after the other.</summary>
public sealed class MessagesStreamMapperToolCallTests
{
    private static string Call(string call) => """data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[""" + call + """]},"finish_reason":null}]}""";

    private static string Start(int index, string id, string name, string arguments) =>
        Call("{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":" + JsonSerializer.Serialize(arguments) + "}}");

    private static string Piece(int index, string arguments) => Call("{\"index\":" + index + ",\"function\":{\"arguments\":" + JsonSerializer.Serialize(arguments) + "}}");

    private const string Finish = """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""";

    /// <summary>Maps at every split size (all byte-identical) and describes the events, one line each.</summary>
    private static List<string> Map(params string[] chatEvents)
    {
        var bytes = MessagesStreamMapperTests.Bytes([.. chatEvents, "data: [DONE]"]);
        var whole = MessagesStreamMapperTests.Feed(bytes, bytes.Length);
        for (var split = 1; split < bytes.Length; split++)
        {
            Assert.Equal(whole, MessagesStreamMapperTests.Feed(bytes, split));
        }

        return whole.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(Describe).Where(e => e is not ("message_start" or "ping" or "message_stop")).ToList();
    }

    private static string Describe(string sseEvent)
    {
        var lines = sseEvent.Split('\n');
        var root = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement;
        var type = root.GetProperty("type").GetString()!;
        Assert.Equal("event: " + type, lines[0]);
        return type switch
        {
            "content_block_start" when root.GetProperty("content_block") is var block && block.GetProperty("type").GetString() == "tool_use" =>
                $"start {root.GetProperty("index")} tool {block.GetProperty("id")} {block.GetProperty("name")}",
            "content_block_start" => $"start {root.GetProperty("index")} {root.GetProperty("content_block").GetProperty("type")}",
            "content_block_delta" => $"delta {root.GetProperty("index")} " + root.GetProperty("delta").EnumerateObject().Last().Value.GetString(),
            "content_block_stop" => $"stop {root.GetProperty("index")}",
            "message_delta" => "end " + root.GetProperty("delta").GetProperty("stop_reason").GetString(),
            _ => type,
        };
    }

    [Fact]
    public void Interleaved_TheLaterCallWaitsUntilTheEarlierOnesArgumentsAreComplete_NothingDropped()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {\"x\":", "delta 0 1}", "stop 0", "start 1 tool b g", "delta 1 {\"y\":", "delta 1 2}", "stop 1", "end tool_use"],
            Map(Start(0, "a", "f", "{\"x\":"), Start(1, "b", "g", "{\"y\":"), Piece(1, "2}"), Piece(0, "1}"), Finish));
    }

    [Fact]
    public void Interleaved_ThatNeverCompletes_TheWaitingCallFollowsAtTheEnd_InItsOrder()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {\"x\":", "delta 0 1", "stop 0", "start 1 tool b g", "delta 1 {\"y\":", "delta 1 \"}\"}", "stop 1", "end tool_use"],
            Map(Start(0, "a", "f", "{\"x\":"), Start(1, "b", "g", "{\"y\":"), Piece(0, "1"), Piece(1, "\"}\"}")));
    }

    [Fact]
    public void ThreeCalls_TheOpenCallsPiecesGoFirst_AfterItOpensFromTheWaitingList()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {", "delta 0 }", "stop 0", "start 1 tool b g", "delta 1 {", "delta 1 }", "stop 1", "start 2 tool c h", "delta 2 {}", "stop 2", "end tool_use"],
            Map(Start(0, "a", "f", "{"), Start(1, "b", "g", "{"), Start(2, "c", "h", "{}"), Piece(1, "}"), Piece(0, "}"), Finish));
    }

    [Fact]
    public void TwoWholeCallsInOneChunk_OneBlockEach()
    {
        var chunk = Call("""{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"index":1,"id":"b","type":"function","function":{"name":"g","arguments":"{\"k\":[1]}"}}""");
        Assert.Equal(["start 0 tool a f", "delta 0 {}", "stop 0", "start 1 tool b g", "delta 1 {\"k\":[1]}", "stop 1", "end tool_use"], Map(chunk, Finish));
    }

    [Fact]
    public void ANewIdAtTheSameIndex_IsANewCall_AndAStopFinishStillSaysToolUse()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {}", "stop 0", "start 1 tool b g", "delta 1 {}", "stop 1", "end tool_use"],
            Map(Start(0, "a", "f", "{}"), Start(0, "b", "g", "{}"), """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
    }

    [Fact]
    public void TextDuringAnIncompleteCall_Waits_ThenGetsItsOwnBlock()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {\"x\":", "delta 0 1}", "stop 0", "start 1 text", "delta 1 Done 😀", "stop 1", "end tool_use"],
            Map(Start(0, "a", "f", "{\"x\":"), """data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Done 😀"}}]}""", Piece(0, "1}"), Finish));
    }

    [Fact]
    public void APieceAfterACallsCompleteArguments_OnceItsBlockClosed_IsWrittenAtItsOwnIndex()
    {
        Assert.Equal(
            ["start 0 tool a f", "delta 0 {}", "stop 0", "start 1 tool b g", "delta 1 {}", "delta 0  ", "stop 1", "end tool_use"],
            Map(Start(0, "a", "f", "{}"), Start(1, "b", "g", "{}"), Piece(0, " "), Finish));
    }

    [Fact]
    public void ACallWithoutIdOrIndex_GetsAnIdFromTheMessage()
    {
        Assert.Equal(
            ["start 0 tool toolu_msg_c1_0 f", "delta 0 {}", "stop 0", "end tool_use"],
            Map(Call("""{"function":{"name":"f","arguments":"{}"}}""")));
    }

    [Fact]
    public void ReasoningThenTextThenReasoningAgain_EachSwitchIsANewBlock_ReasoningFieldAccepted()
    {
        Assert.Equal(
            ["start 0 thinking", "delta 0 a", "delta 0 ", "stop 0", "start 1 text", "delta 1 b", "stop 1", "start 2 thinking", "delta 2 c", "delta 2 ", "stop 2", "end end_turn"],
            Map(
                """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning":"a"}}]}""",
                """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"","content":"b"}}]}""",
                """data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"c","reasoning":"c"}}]}""",
                """data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"""));
    }
}
