using System.Text;
using System.Text.Json;
using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

public sealed class MessagesResponseMapperTests
{
    private static string Map(string chat) => Encoding.UTF8.GetString(MessagesResponseMapper.Map(Encoding.UTF8.GetBytes(chat), "claude-x"));

    private static string Completion(string message, string finish, string usage = "") =>
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-x\",\"choices\":[{\"index\":0,\"message\":" + message
        + ",\"finish_reason\":" + finish + "}]" + usage + "}";

    [Fact]
    public void Map_ReasoningTextToolCallsAndCachedUsage_GivesTheExactMessage()
    {
        var message = Map(Completion("""
            {"role":"assistant","content":"Hello","reasoning_content":"Think.","tool_calls":[
              {"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\": \"Paris\"}"}},
              {"id":"call_2","type":"function","function":{"name":"clock","arguments":"{\"tz\": broken"}},
              {"id":"call_3","type":"function","function":{"name":"now","arguments":""}}]}
            """, "\"tool_calls\"", ""","usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,"prompt_tokens_details":{"cached_tokens":60}}"""));

        Assert.Equal("""
            {"id":"msg_chatcmpl-1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"thinking","thinking":"Think.","signature":""},{"type":"text","text":"Hello"},{"type":"tool_use","id":"call_1","name":"weather","input":{"city":"Paris"}},{"type":"tool_use","id":"call_2","name":"clock","input":{}},{"type":"tool_use","id":"call_3","name":"now","input":{}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":60,"output_tokens":20}}
            """, message);
    }

    [Theory]
    [InlineData("\"stop\"", "end_turn")]
    [InlineData("\"length\"", "max_tokens")]
    [InlineData("\"tool_calls\"", "tool_use")]
    [InlineData("\"function_call\"", "tool_use")]
    [InlineData("\"content_filter\"", "refusal")]
    [InlineData("null", "end_turn")]
    [InlineData("\"something_new\"", "end_turn")]
    public void Map_FinishReason_AsStopReason(string finish, string stopReason)
    {
        var message = JsonDocument.Parse(Map(Completion("""{"role":"assistant","content":"x"}""", finish))).RootElement;

        Assert.Equal(stopReason, message.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_sequence").ValueKind);
    }

    [Theory]
    [InlineData("\"stop\"", "tool_use")]
    [InlineData("null", "tool_use")]
    [InlineData("\"length\"", "max_tokens")]
    public void Map_ToolCallsWithAnotherFinishReason_StillToolUse_UnlessCutShort(string finish, string stopReason)
    {
        var message = JsonDocument.Parse(Map(Completion("""{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}""", finish))).RootElement;
        Assert.Equal(stopReason, message.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Map_ReasoningField_RefusalAndNoUsage()
    {
        var message = Map(Completion("""{"role":"assistant","content":null,"reasoning":"Hmm.","refusal":"I can't help with that."}""", "\"content_filter\""));

        Assert.Equal("""
            {"id":"msg_chatcmpl-1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"thinking","thinking":"Hmm.","signature":""},{"type":"text","text":"I can't help with that."}],"stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}
            """, message);
    }

    [Fact]
    public void Map_EmptyAnswer_HasEmptyContent_NonAsciiKept()
    {
        Assert.Equal("[]", JsonDocument.Parse(Map(Completion("""{"role":"assistant","content":""}""", "\"stop\""))).RootElement.GetProperty("content").GetRawText());
        var raw = Map(Completion("""{"role":"assistant","content":"Hé 😀 \"q\""}""", "\"stop\""));
        Assert.Contains("\"text\":\"Hé ", raw, StringComparison.Ordinal); // no \u00E9 for clients to decode
        Assert.Equal("Hé 😀 \"q\"", JsonDocument.Parse(raw).RootElement.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Map_ToolCallsWithoutIds_GetDistinctIds()
    {
        var content = JsonDocument.Parse(Map(Completion("""{"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":"{}"}},{"function":{"name":"g"}}]}""", "\"tool_calls\""))).RootElement.GetProperty("content");
        Assert.Equal(["toolu_chatcmpl-1_0", "toolu_chatcmpl-1_1"], content.EnumerateArray().Select(b => b.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("<html>502</html>")]
    [InlineData("{\"id\":")]
    public void Map_NotAChatCompletion_IsInvalidData(string body)
    {
        Assert.Throws<InvalidDataException>(() => Map(body));
    }
}
