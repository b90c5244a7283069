using System.Text;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Gateway.Providers;

namespace Gateway.Tests.Protocols.Gemini;

public sealed class GeminiRequestMapperTests
{
    private static GeminiChatRequest MapRequest(string gemini, bool stream = false) => GeminiRequestMapper.Map(Encoding.UTF8.GetBytes(gemini), stream);

    private static string Map(string gemini, bool stream = false) => Encoding.UTF8.GetString(MapRequest(gemini, stream).WithModel("gpt-x"));

    private static JsonElement MapJson(string gemini) => JsonDocument.Parse(Map(gemini)).RootElement;

    private static string WithUser(string extra) => """{"contents":[{"role":"user","parts":[{"text":"x"}]}]""" + extra + "}";

    [Fact]
    public void Map_FullRequest_GivesTheExactChatRequest()
    {
        var mapped = MapRequest("""
            {"systemInstruction":{"role":"user","parts":[{"text":"You are terse."},{"text":"Answer in French."}]},
             "contents":[
              {"role":"user","parts":[{"text":"Weather in Paris?"}]},
              {"role":"model","parts":[{"text":"Need the tool.","thought":true},{"text":"Checking."},
                {"functionCall":{"id":"c1","name":"weather","args":{"city": "Paris"}},"thoughtSignature":"c2ln"},{"functionCall":{"name":"clock","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"clock","response":{"output":"noon"}}},
                {"functionResponse":{"id":"c1","name":"weather","response":{"temp":18,"sky":"sunny"}}},{"text":"Also hurry."}]}],
             "tools":[{"functionDeclarations":[
               {"name":"weather","description":"Weather now","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING","description":"City"}},"required":["city"]}},
               {"name":"clock","parametersJsonSchema":{"type":"object","properties":{}}}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"AUTO"}},
             "generationConfig":{"temperature":0.5,"topP":0.9,"topK":40,"maxOutputTokens":1024,"stopSequences":["END"],"seed":7,
               "presencePenalty":0.1,"frequencyPenalty":0.2,"thinkingConfig":{"includeThoughts":true,"thinkingBudget":-1}},
             "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}
            """, stream: true);

        Assert.Equal("""
            {"model":"gpt-x","messages":[{"role":"system","content":"You are terse.\nAnswer in French."},{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":"Checking.","tool_calls":[{"id":"c1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}},{"id":"call_1_3","type":"function","function":{"name":"clock","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1_3","content":"noon"},{"role":"tool","tool_call_id":"c1","content":"{\"temp\":18,\"sky\":\"sunny\"}"},{"role":"user","content":"Also hurry."}],"tools":[{"type":"function","function":{"name":"weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City"}},"required":["city"]}}},{"type":"function","function":{"name":"clock","parameters":{"type":"object","properties":{}}}}],"temperature":0.5,"top_p":0.9,"max_tokens":1024,"stop":["END"],"seed":7,"presence_penalty":0.1,"frequency_penalty":0.2,"reasoning_effort":"medium","stream":true,"stream_options":{"include_usage":true}}
            """, Encoding.UTF8.GetString(mapped.WithModel("gpt-x")));
        Assert.True(mapped.IncludeThoughts);
        Assert.Equal(ContentKinds.Text, mapped.Kinds);
        Assert.Empty(mapped.LeftOut);
    }

    [Fact]
    public void WithModel_SplicesTheModelAsAJsonString()
    {
        var mapped = MapRequest(WithUser(""));

        Assert.StartsWith("""{"model":"","messages":""", Encoding.UTF8.GetString(mapped.Body), StringComparison.Ordinal);
        Assert.Equal("""{"model":"oa/g\"x","messages":[{"role":"user","content":"x"}],"stream":false}""", Encoding.UTF8.GetString(mapped.WithModel("oa/g\"x")));
    }

    [Theory]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":0}}""", null)]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":-1}}""", "medium")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":1024}}""", "low")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":1025}}""", "medium")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":8192}}""", "medium")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingBudget":24576}}""", "high")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingLevel":"HIGH"}}""", "high")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"thinkingLevel":"low"}}""", "low")]
    [InlineData(""","generationConfig":{"thinkingConfig":{"includeThoughts":true}}""", null)]
    [InlineData("", null)]
    public void Map_ThinkingConfig_IsReasoningEffort(string extra, string? effort)
    {
        var chat = MapJson(WithUser(extra));

        Assert.Equal(effort, chat.TryGetProperty("reasoning_effort", out var e) ? e.GetString() : null);
    }

    [Theory]
    [InlineData("""{"responseMimeType":"application/json"}""", """{"type":"json_object"}""")]
    [InlineData("""{"responseMimeType":"application/json","responseJsonSchema":{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}}""",
        """{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}}}""")]
    [InlineData("""{"responseMimeType":"application/json","responseSchema":{"type":"ARRAY","items":{"type":"STRING","enum":["a","b"]},"minItems":1}}""",
        """{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"array","items":{"type":"string","enum":["a","b"]},"minItems":1}}}""")]
    [InlineData("""{"responseMimeType":"text/plain"}""", null)]
    [InlineData("""{"responseSchema":{"type":"OBJECT"}}""", null)]
    public void Map_ResponseMimeType_IsResponseFormat(string config, string? format)
    {
        var chat = MapJson(WithUser(""","generationConfig":""" + config));

        Assert.Equal(format, chat.TryGetProperty("response_format", out var f) ? f.GetRawText() : null);
    }

    [Fact]
    public void Map_MediaAndSeveralTextParts_AreContentParts()
    {
        var mapped = MapRequest("""
            {"contents":[{"role":"user","parts":[{"text":"What is this?"},{"text":"Be precise."},{"inlineData":{"mimeType":"image/png","data":"iVBO"}},
              {"fileData":{"mimeType":"image/jpeg","fileUri":"https://files.example/a.jpg"}},{"inlineData":{"mimeType":"audio/wav","data":"UklG"}}]}],
             "generationConfig":{"candidateCount":2}}
            """);

        using var chat = JsonDocument.Parse(mapped.WithModel("m"));
        Assert.Equal("""
            [{"type":"text","text":"What is this?"},{"type":"text","text":"Be precise."},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}},{"type":"image_url","image_url":{"url":"https://files.example/a.jpg"}},{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]
            """, chat.RootElement.GetProperty("messages")[0].GetProperty("content").GetRawText());
        Assert.Equal(2, chat.RootElement.GetProperty("n").GetInt32());
        Assert.Equal(ContentKinds.Text | ContentKinds.Image | ContentKinds.Audio | ContentKinds.ManyChoices, mapped.Kinds);
    }

    [Theory]
    [InlineData("""{"mode":"NONE"}""", "[\"a\",\"b\",\"c\"]", "\"none\"")]
    [InlineData("""{"mode":"ANY"}""", "[\"a\",\"b\",\"c\"]", "\"required\"")]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["b"]}""", "[\"a\",\"b\",\"c\"]", """{"type":"function","function":{"name":"b"}}""")]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["a","c"]}""", "[\"a\",\"c\"]", "\"required\"")]
    [InlineData("""{"mode":"VALIDATED"}""", "[\"a\",\"b\",\"c\"]", null)]
    public void Map_FunctionCallingConfig_IsToolChoice(string config, string tools, string? choice)
    {
        var chat = MapJson(WithUser(""","tools":[{"functionDeclarations":[{"name":"a"},{"name":"b"}]},{"functionDeclarations":[{"name":"c"}]}],"toolConfig":{"functionCallingConfig":""" + config + "}"));

        Assert.Equal(tools, JsonSerializer.Serialize(chat.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString())));
        Assert.Equal("""{"type":"object","properties":{}}""", chat.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetRawText());
        Assert.Equal(choice, chat.TryGetProperty("tool_choice", out var c) ? c.GetRawText() : null);
    }

    [Fact]
    public void Map_GooglesBuiltInTools_AreLeftOutAndNamed()
    {
        var mapped = MapRequest(WithUser(""","tools":[{"googleSearch":{}},{"codeExecution":{},"functionDeclarations":[{"name":"a"}]},{"urlContext":{}}]"""));

        Assert.Equal(["tools.googleSearch", "tools.codeExecution", "tools.urlContext"], mapped.LeftOut);
        using var chat = JsonDocument.Parse(mapped.WithModel("m"));
        Assert.Equal(1, chat.RootElement.GetProperty("tools").GetArrayLength());
    }

    [Fact]
    public void Map_AModelTurnOfThoughtsOnly_IsLeftOut()
    {
        var chat = MapJson("""{"contents":[{"parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"hmm","thought":true}]},{"parts":[{"text":"Well?"}]}]}""");

        Assert.Equal("""[{"role":"user","content":"Hi"},{"role":"user","content":"Well?"}]""", chat.GetProperty("messages").GetRawText());
    }

    [Theory]
    [InlineData("""{"contents":[]}""", "'contents' must be a non-empty array.")]
    [InlineData("""{"systemInstruction":{"parts":[{"text":"s"}]}}""", "'contents' must be a non-empty array.")]
    [InlineData("""{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""", "'contents[0].role' must be 'user' or 'model'.")]
    [InlineData("""{"contents":[{"role":"user"}]}""", "'contents[0].parts' must be an array.")]
    [InlineData("""{"contents":[{"parts":[{"executableCode":{"code":"1"}}]}]}""", "The 'executableCode' part in contents[0] has no chat-completions form.")]
    [InlineData("""{"contents":[{"parts":[{"inlineData":{"mimeType":"video/mp4","data":"AAAA"}}]}]}""", "'inlineData' of type 'video/mp4'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"]}}""", "'responseModalities'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"text/x.enum"}}""", "'text/x.enum'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":"hot"}}""", "not a number")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{"thinkingLevel":"EXTREME"}}}""", "'EXTREME'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"cachedContent":"cachedContents/abc"}""", "'cachedContent'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"name":"a"}]}],"toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}}""", "'SOMETIMES'")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"description":"no name"}]}]}""", "'name'")]
    [InlineData("""{"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]}""", "'functionCall.name'")]
    [InlineData("[1]", "JSON object")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"tools":{"functionDeclarations":[]}}""", "'tools' of the request must be an array.")]
    public void Map_InputChatCannotCarry_ThrowsTranslationException(string gemini, string message)
    {
        var error = Assert.Throws<TranslationException>(() => MapRequest(gemini));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
