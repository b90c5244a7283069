using CsCheck;

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Raw JSON texts for the fields of chat and embeddings requests: the valid ones the gateway routes, and the
/// retyped, out-of-range and badly escaped ones a careless or hostile client sends.
/// </summary>
internal static class JsonValueGen
{
    /// <summary>A 200,000-character model name: bigger than any header the gateway might copy it into.</summary>
    public static readonly string LongModel = "\"" + new string('m', 200_000) + "\"";

    /// <summary>Any JSON type in place of the expected one.</summary>
    public static readonly Gen<string> Retyped = Gen.OneOf("null", "1", "-1", "[]", "{}", "\"s\"", "true", "[null]", "{\"a\":{}}");

    public static readonly Gen<string> Model = Gen.Frequency(
        (8, Gen.OneOf("\"smart\"", "\"fast\"", "\"SMART\"", "\"a/smart\"", "\"b/fast\"", "\"claude/smart\"", "\"claude/claude-x\"", "\"a-smart\"",
            "\"text-embedding-3-small\"", "\"gpt-4o\"", "\"\\u0073mart\"", "\"claude/fast\"")),
        (3, Gen.OneOf("123", "null", "[]", "[\"smart\"]", "{\"a\":1}", "true", "\"\"", "1e999")),
        (6, Gen.OneOf(LongModel, "\"smart\\r\\nX-Injected: 1\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00smart\"", "\"smart\\ud800\"", "\"模型\"",
            "\"a/\\ud800\"", "\"a/\"", "\"/\"", "\"claude/\"", "\" smart\"", "\"\\t\"", "\"smart\\u007f\"", "\"é\"", "\"😀\"", "\"a/模型\"",
            "\"claude/\\n\"", "\"x\\\"y\"")));

    public static readonly Gen<string> Number = Gen.OneOf(
        "0.7", "1", "2", "0", "-1", "1e999", "-1e999", "123456789012345678901234567890", "-123456789012345678901234567890", "\"0.5\"", "null", "1e-999", "-0", "[]", "true");

    public static readonly Gen<string> StreamFlag = Gen.OneOf("true", "false", "\"true\"", "\"yes\"", "1", "null", "{}", "[]");

    public static readonly Gen<string> Stop = Gen.OneOf("\"x\"", "[\"a\",\"b\"]", "[\"a\",1]", "[null]", "[{}]", "5", "null", "[]", "[[\"a\"]]");

    public static readonly Gen<string> Tools = Gen.OneOf(
        "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}]", "[1]", "[null]", "[{\"type\":\"function\"}]",
        "[{\"type\":\"function\",\"function\":{\"name\":1}}]", "{}", "[{\"function\":{\"name\":\"f\",\"parameters\":\"x\"}}]", "[{\"type\":\"function\",\"function\":null}]");

    public static readonly Gen<string> ToolChoice = Gen.OneOf(
        "\"auto\"", "\"required\"", "\"none\"", "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", "{\"type\":\"function\"}",
        "{\"function\":{\"name\":null}}", "{\"type\":\"function\",\"function\":{}}", "1", "null", "\"weird\"", "[]");

    public static readonly Gen<string> Part = Gen.OneOf(
        "{\"type\":\"text\",\"text\":\"hi\"}", "{\"type\":\"text\",\"text\":null}", "{\"type\":\"text\"}", "{\"type\":\"text\",\"text\":5}",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}}",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":null}}", "{\"type\":\"image_url\",\"image_url\":{}}", "{\"type\":\"image_url\",\"image_url\":\"https://x\"}",
        "{\"type\":\"image_url\"}", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:,\"}}", "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64\"}}",
        "{\"type\":\"image_url\",\"image_url\":{\"url\":5}}",
        "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}", "{\"type\":\"input_audio\",\"input_audio\":null}",
        "{\"type\":\"file\",\"file\":{\"file_id\":\"f\"}}", "{\"type\":\"refusal\",\"refusal\":\"no\"}", "{\"type\":7}", "{\"type\":null}", "{}", "\"text\"", "1", "null", "[]");

    public static readonly Gen<string> Content = Gen.Frequency(
        (4, Gen.OneOf("\"Hi\"", "\"\"", "null", "5", "{}", "true")),
        (5, Part.Array[0, 4].Select(parts => "[" + string.Join(",", parts) + "]")),
        (1, Gen.OneOf(63, 64, 65, 100, 127, 129).Select(Deep)));

    public static readonly Gen<string> Role = Gen.OneOf(
        "\"user\"", "\"user\"", "\"system\"", "\"assistant\"", "\"tool\"", "\"developer\"", "\"function\"", "\"USER\"", "\"robot\"", "null", "1", "[]");

    /// <summary>The extra fields of tool and assistant messages, well and badly typed.</summary>
    public static readonly Gen<string> MessageExtra = Gen.OneOf(
        "", "", "\"tool_call_id\":\"t1\",", "\"tool_call_id\":1,", "\"name\":null,", "\"name\":\"f\",",
        "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}],",
        "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"not json\"}}],",
        "\"tool_calls\":[{\"function\":{\"arguments\":5}}],", "\"tool_calls\":[1],", "\"tool_calls\":{},", "\"tool_calls\":[{\"id\":null,\"function\":null}],");

    public static readonly Gen<string> Message = Gen.Frequency(
        (8, Gen.Select(Role, MessageExtra, Content, (role, extra, content) => $"{{{extra}\"role\":{role},\"content\":{content}}}")),
        (1, Gen.OneOf("null", "1", "\"hi\"", "[]", "{}", "{\"content\":\"no role\"}", "{\"role\":\"user\"}", "{\"role\":\"user\",\"role\":\"assistant\",\"content\":\"x\"}")));

    public static readonly Gen<string> Messages = Gen.Frequency(
        (9, Message.Array[1, 4].Select(messages => "[" + string.Join(",", messages) + "]")),
        (1, Gen.OneOf("[]", "{}", "\"hi\"", "null", "1")));

    public static readonly Gen<string> Input = Gen.OneOf(
        "\"hi\"", "[\"a\",\"b\"]", "[1,2,3]", "[[1,2]]", "[]", "\"\"", "null", "{}", "1", "[null]", "[\"\\ud800\"]");

    /// <summary>Arrays nested <paramref name="depth"/> deep (the gateway's reader allows 128; System.Text.Json's default is 64).</summary>
    public static string Deep(int depth) => new string('[', depth) + new string(']', depth);
}
