using System.Text;
using Gateway.Protocols;
using Gateway.Protocols.Responses;
using Gateway.Providers;
using static Gateway.Tests.Protocols.Responses.ResponsesTestData;

namespace Gateway.Tests.Protocols.Responses;

public sealed class ResponsesRequestMapperTests
{
    private const string FullRequest = """
        {
          "model": "smart",
          "instructions": "Be brief.",
          "input": [
            {"role": "user", "content": "Weather in Paris and Rome?"},
            {"type": "reasoning", "id": "rs_1", "summary": []},
            {"type": "message", "role": "assistant", "id": "msg_1", "status": "completed", "content": [{"type": "output_text", "text": "Checking.", "annotations": []}]},
            {"type": "function_call", "id": "fc_1", "call_id": "call_a", "name": "weather", "arguments": "{\"city\":\"Paris\"}"},
            {"type": "function_call", "id": "fc_2", "call_id": "call_b", "name": "weather", "arguments": "{\"city\":\"Rome\"}"},
            {"type": "function_call_output", "call_id": "call_a", "output": "18C"},
            {"type": "function_call_output", "call_id": "call_b", "output": [{"type": "input_text", "text": "21"}, {"type": "input_text", "text": "C"}]},
            {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Use Celsius."}]},
            {"role": "user", "content": [{"type": "input_text", "text": "And this?"}, {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"}]}
          ],
          "tools": [{"type": "function", "name": "weather", "description": "Gets weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}],
          "tool_choice": {"type": "function", "name": "weather"},
          "parallel_tool_calls": false,
          "text": {"format": {"type": "json_schema", "name": "answer", "description": "An answer", "schema": {"type": "object"}, "strict": true}, "verbosity": "low"},
          "max_output_tokens": 300,
          "temperature": 0.2,
          "top_p": 0.9,
          "user": "u-1",
          "reasoning": {"effort": "low", "summary": "auto"},
          "metadata": {"k": "v"},
          "store": true,
          "previous_response_id": "resp_prev",
          "truncation": "auto",
          "include": ["reasoning.encrypted_content"],
          "stream": true,
          "service_tier": "auto",
          "unknown_field": 1
        }
        """;

    private const string History = """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""";

    private const string Conversation = """
        [
          {"role": "user", "content": "Hi"},
          {"role": "assistant", "content": "Hello"},
          {"role": "user", "content": "Weather in Paris and Rome?"},
          {"role": "assistant", "content": "Checking.", "tool_calls": [
            {"id": "call_a", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
            {"id": "call_b", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Rome\"}"}}]},
          {"role": "tool", "tool_call_id": "call_a", "content": "18C"},
          {"role": "tool", "tool_call_id": "call_b", "content": "21C"},
          {"role": "system", "content": [{"type": "text", "text": "Use Celsius."}]},
          {"role": "user", "content": [{"type": "text", "text": "And this?"}, {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "low"}}]}
        ]
        """;

    [Fact]
    public void Map_EveryField_GivesTheChatRequestAndTheConversation()
    {
        var translation = Map(FullRequest, stream: true, History);

        var expected = """
            {
              "model": "real-model",
              "messages": [{"role": "system", "content": "Be brief."}, CONVERSATION],
              "stream": true,
              "stream_options": {"include_usage": true},
              "tools": [{"type": "function", "function": {"name": "weather", "description": "Gets weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}}],
              "tool_choice": {"type": "function", "function": {"name": "weather"}},
              "parallel_tool_calls": false,
              "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "description": "An answer", "schema": {"type": "object"}, "strict": true}},
              "max_tokens": 300,
              "temperature": 0.2,
              "top_p": 0.9,
              "user": "u-1",
              "reasoning_effort": "low"
            }
            """.Replace("CONVERSATION", Conversation.Trim()[1..^1], StringComparison.Ordinal);
        Assert.Equal(Compact(expected), Encoding.UTF8.GetString(translation.Body));
        Assert.Equal(Compact(Conversation), Encoding.UTF8.GetString(translation.Messages));
    }

    [Fact]
    public void Map_StringInputNotStreaming_IsOneUserMessage_WithoutStreamOptions()
    {
        var translation = Map("""{"model":"smart","input":"Hi \"you\"\n😀"}""", stream: false);

        Assert.Equal(Compact("""{"model":"real-model","messages":[{"role":"user","content":"Hi \"you\"\n😀"}],"stream":false}"""), Encoding.UTF8.GetString(translation.Body));
        Assert.Equal(Compact("""[{"role":"user","content":"Hi \"you\"\n😀"}]"""), Encoding.UTF8.GetString(translation.Messages));
    }

    [Theory]
    [InlineData("""{"input":"x","text":{"format":{"type":"json_object"}}}""", "\"response_format\":{\"type\":\"json_object\"}")]
    [InlineData("""{"input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":"required"}""", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"required\"")]
    [InlineData("""{"input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":"none","parallel_tool_calls":true}""", "\"tool_choice\":\"none\",\"parallel_tool_calls\":true")]
    [InlineData("""{"input":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"}]}""",
        "[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]")]
    [InlineData("""{"input":[{"role":"assistant","content":[{"type":"refusal","refusal":"No."}]},{"role":"user","content":"why"}]}""", "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":\"No.\"},{\"role\":\"user\",\"content\":\"why\"}")]
    [InlineData("""{"input":[{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}]}""", "[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,QQ=="}]}]}""",
        "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,QQ==\"}}")]
    [InlineData("""{"input":[{"type":"message","role":"system","content":"sys"},{"role":"user","content":"u"}]}""", "[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"u\"}]")]
    public void Map_Feature_WritesItsChatForm(string request, string expectedPart)
    {
        Assert.Contains(expectedPart, Encoding.UTF8.GetString(Map(request, stream: false).Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input":"x","text":{"format":{"type":"text"}},"tool_choice":"auto","parallel_tool_calls":false,"tools":[],"instructions":""}""")]
    [InlineData("""{"input":"x","tool_choice":{"type":"function","name":"f"},"instructions":null,"temperature":null,"reasoning":{"summary":"auto"}}""")]
    [InlineData("""{"input":"x","tools":[{"type":"web_search_preview"},{"type":"file_search","vector_store_ids":["v"]},{"type":"computer_use_preview"},{"type":"code_interpreter","container":{"type":"auto"}},{"type":"mcp","server_label":"s"},{"type":"image_generation"}],"tool_choice":{"type":"web_search_preview"}}""")]
    [InlineData("""{"input":[{"type":"web_search_call","id":"ws_1","status":"completed"},{"role":"user","content":"x"}]}""")]
    public void Map_NeutralOrToolLessSettings_AddNothing(string request)
    {
        Assert.Equal("""{"model":"real-model","messages":[{"role":"user","content":"x"}],"stream":false}""", Encoding.UTF8.GetString(Map(request, stream: false).Body));
    }

    [Theory]
    [InlineData("""{"input":"x","tools":[{"type":"function"}]}""", "needs a 'name'")]
    [InlineData("""{"input":"x","tools":{"type":"function"}}""", "'tools' must be an array")]
    [InlineData("""{"input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":"sometimes"}""", "'tool_choice'")]
    [InlineData("""{"input":[{"type":"item_reference","id":"msg_1"}]}""", "'item_reference'")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}""", "'file_id'")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_file","file_id":"file-1"}]}]}""", "'file_id'")]
    [InlineData("""{"input":[{"role":"system","content":[{"type":"input_image","image_url":"https://x"}]}]}""", "'input_image'")]
    [InlineData("""{"input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://x"}]}]}""", "'input_image'")]
    [InlineData("""{"input":[{"role":"user","content":[{"type":"input_audio"}]}]}""", "'input_audio'")]
    [InlineData("""{"input":[{"role":"critic","content":"x"}]}""", "role 'critic'")]
    [InlineData("""{"input":[{"content":"x"}]}""", "'type' or a 'role'")]
    [InlineData("""{"input":["x"]}""", "must be an object")]
    [InlineData("""{"input":[{"type":"function_call","name":"f","arguments":"{}"}]}""", "'call_id'")]
    [InlineData("""{"input":[{"type":"function_call_output","call_id":"c","output":[{"type":"input_image","image_url":"https://x"}]}]}""", "Only text")]
    [InlineData("""{"input":"x","text":{"format":{"type":"grammar"}}}""", "'grammar'")]
    [InlineData("""{"input":"x","text":{"format":{"type":"json_schema","schema":{}}}}""", "'name'")]
    [InlineData("""{"input":"x","background":true}""", "Background")]
    [InlineData("""{"input":"x","prompt":{"id":"pmpt_1"}}""", "'prompt'")]
    [InlineData("""{"input":"x","conversation":"conv_1"}""", "'conversation'")]
    [InlineData("""{"input":"x","instructions":["a"]}""", "'instructions' must be a string")]
    [InlineData("""{"input":"x","max_output_tokens":"many"}""", "'max_output_tokens' must be a number")]
    [InlineData("""{"input":7}""", "'input' must be a string or an array")]
    [InlineData("""{"input":[]}""", "'input' must not be empty")]
    [InlineData("""{"instructions":"only"}""", "'input' must not be empty")]
    [InlineData("""[1]""", "JSON object")]
    [InlineData("""{"input":""" , "not valid JSON")]
    [InlineData("""{"input":"x","tools":[{"type":"file_search","vector_store_ids":["v"]}]}""", "(strict translation is on)", true)]
    [InlineData("""{"input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"allowed_tools"}}""", "'tool_choice'")]
    public void Map_InputWithNoChatForm_ThrowsTranslationException_SayingWhat(string request, string expected, bool strict = false)
    {
        var error = Assert.Throws<TranslationException>(() => ResponsesRequestMapper.Map(Encoding.UTF8.GetBytes(request), "real-model", false, default, new ResponsesTranslationOptions(strict, null)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_EmptyInputWithHistory_IsTheHistory()
    {
        var translation = Map("""{"instructions":"New rules."}""", stream: false, History);

        Assert.Equal(Compact(History), Encoding.UTF8.GetString(translation.Messages));
        Assert.StartsWith("""{"model":"real-model","messages":[{"role":"system","content":"New rules."},{"role":"user","content":"Hi"}""", Encoding.UTF8.GetString(translation.Body), StringComparison.Ordinal);
    }

    private static ChatTranslation Map(string request, bool stream, string history = "") =>
        ResponsesRequestMapper.Map(Encoding.UTF8.GetBytes(request), "real-model", stream, Encoding.UTF8.GetBytes(history));
}
