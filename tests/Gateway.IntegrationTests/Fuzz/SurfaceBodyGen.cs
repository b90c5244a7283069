using System.Text;
using CsCheck;
using static Gateway.IntegrationTests.Fuzz.JsonValueGen;
using Fields = (string Key, string Raw)[];

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Bodies of the surfaces besides chat: OpenAI's Responses (<c>input</c> as text or items, item references, a previous
/// response id, instructions, tools), Anthropic's Messages (content blocks, system, tools) and count_tokens, and the
/// multipart audio endpoints (form fields and a file, well and badly framed). Strings carry lone surrogates and
/// control characters, values are retyped and nested past every reader's depth, then bytes are sometimes mutated.
/// </summary>
internal static class SurfaceBodyGen
{
    public const string Boundary = "fuzz-boundary-7d3";

    /// <summary>Text values, including the escapes no decoder turns into text.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.OneOf("\"hi\"", "\"\"", "\"Hello, how are you?\"", "\"é模型😀\"")),
        (3, Gen.OneOf("\"a\\ud800b\"", "\"\\udc00\"", "\"\\ud83d\"", "\"x\\u0000y\"", "\"\\\\ud800\"", "\"\\ud800\\ud800\"")),
        (2, Gen.OneOf("null", "1", "[]", "{}", "true")),
        (1, Gen.OneOf(10, 63, 64, 65, 100, 127, 128, 129, 200).Select(Deep)));

    private static readonly Gen<string> ResponsesPart = Gen.OneOf(
        Text.Select(t => $"{{\"type\":\"input_text\",\"text\":{t}}}"), Text.Select(t => $"{{\"type\":\"output_text\",\"text\":{t}}}"),
        Gen.OneOf("{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\"}", "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,iVBORw0KGgo=\"}",
            "{\"type\":\"input_image\"}", "{\"type\":\"input_file\",\"file_id\":\"f\"}", "{\"type\":7}", "{}", "null", "\"x\""));

    private static readonly Gen<string> ResponsesItem = Gen.Frequency(
        (5, Gen.Select(Gen.OneOf("\"user\"", "\"assistant\"", "\"system\"", "\"developer\"", "\"robot\"", "1"), Gen.Frequency(
            (2, Text), (3, ResponsesPart.Array[0, 3].Select(p => "[" + string.Join(",", p) + "]"))), (role, content) => $"{{\"role\":{role},\"content\":{content}}}")),
        (2, Gen.Select(Gen.OneOf("\"msg_1\"", "\"\\ud800\"", "1", "null", "\"" + new string('i', 300) + "\"", "\"resp_x:y\""),
            id => $"{{\"type\":\"item_reference\",\"id\":{id}}}")),
        (2, Gen.Select(Text, Gen.OneOf("\"call_1\"", "null", "\"\\ud800\""), (output, call) => $"{{\"type\":\"function_call_output\",\"call_id\":{call},\"output\":{output}}}")),
        (1, Gen.Select(Gen.OneOf("\"{}\"", "\"not json\"", "\"{\\\"a\\\":\\\"\\\\ud800\\\"}\"", "1"), args => $"{{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":{args}}}")),
        (1, Gen.OneOf("null", "1", "\"text\"", "[]", "{}", "{\"type\":\"reasoning\",\"summary\":[]}")));

    private static readonly Gen<string> ResponsesInput = Gen.Frequency(
        (3, Text), (6, ResponsesItem.Array[1, 4].Select(items => "[" + string.Join(",", items) + "]")), (1, Gen.OneOf("[]", "{}", "null")));

    private static readonly Gen<Fields> ResponsesFields = Gen.Select(
        Model, ResponsesInput,
        Gen.Select(Optional("instructions", Text), Optional("stream", StreamFlag), Optional("store", Gen.OneOf("true", "false", "1", "\"no\"")),
            Optional("previous_response_id", Gen.OneOf("\"resp_0123\"", "\"\\ud800\"", "\"" + new string('r', 200) + "\"", "1", "null", "\"a:b\"")), (a, b, c, d) => Concat(a, b, c, d)),
        Gen.Select(Optional("max_output_tokens", Number), Optional("temperature", Number),
            Optional("tools", Gen.OneOf("[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]", "[{\"type\":\"function\"}]", "[1]", "{}",
                "[{\"type\":\"function\",\"name\":\"f\",\"parameters\":" + Deep(70) + "}]", "[{\"type\":\"web_search\"}]")),
            Optional("text", Gen.OneOf("{\"format\":{\"type\":\"json_object\"}}", "{\"format\":1}", "1")), (a, b, c, d) => Concat(a, b, c, d)),
        (model, input, state, rest) => Concat([("model", model), ("input", input)], state, rest));

    private static readonly Gen<string> Block = Gen.OneOf(
        Text.Select(t => $"{{\"type\":\"text\",\"text\":{t}}}"),
        Gen.OneOf("{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}", "{\"type\":\"image\",\"source\":null}",
            "{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}}", "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}",
            "{\"type\":\"tool_use\",\"input\":\"x\"}", "{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\"ok\"}", "{\"type\":\"tool_result\",\"content\":[1]}",
            "{\"type\":\"thinking\",\"thinking\":\"x\"}", "{\"type\":7}", "{}", "null", "\"x\""));

    private static readonly Gen<string> AnthropicMessages = Gen.Frequency(
        (9, Gen.Select(Gen.OneOf("\"user\"", "\"assistant\"", "\"system\"", "null"), Gen.Frequency((2, Text), (3, Block.Array[0, 3].Select(b => "[" + string.Join(",", b) + "]"))),
            (role, content) => $"{{\"role\":{role},\"content\":{content}}}").Array[1, 4].Select(m => "[" + string.Join(",", m) + "]")),
        (1, Gen.OneOf("[]", "{}", "null", "\"hi\"")));

    private static readonly Gen<Fields> MessagesFields = Gen.Select(
        Model, Optional("max_tokens", Number), AnthropicMessages,
        Gen.Select(Optional("system", Gen.OneOf(Text, Block.Array[0, 2].Select(b => "[" + string.Join(",", b) + "]"))), Optional("stream", StreamFlag),
            Optional("tools", Gen.OneOf("[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]", "[{\"name\":1}]", "[1]", "{}", "[{\"name\":\"f\",\"input_schema\":" + Deep(90) + "}]")),
            Optional("tool_choice", Gen.OneOf("{\"type\":\"auto\"}", "{\"type\":\"tool\",\"name\":\"f\"}", "{\"type\":\"tool\"}", "\"auto\"", "1")), (a, b, c, d) => Concat(a, b, c, d)),
        Gen.Select(Optional("temperature", Number), Optional("stop_sequences", Stop), Optional("metadata", Gen.OneOf("{\"user_id\":\"u\"}", "1", Deep(100))), (a, b, c) => Concat(a, b, c)),
        (model, maxTokens, messages, rest, sampling) => Concat([("model", model)], maxTokens, [("messages", messages)], rest, sampling));

    private static readonly Gen<string> Trailing = Gen.Frequency((8, Gen.Const("")), (1, Gen.OneOf(" ", "}", "garbage", "{}", "]", ",")));

    /// <summary>A Responses body, then maybe byte mutations.</summary>
    public static readonly Gen<byte[]> Responses = Mutated(Gen.Select(ResponsesFields, Trailing, (f, t) => Serialize(f) + t));

    /// <summary>A Messages (and count_tokens) body, then maybe byte mutations.</summary>
    public static readonly Gen<byte[]> Messages = Mutated(Gen.Select(MessagesFields, Trailing, (f, t) => Serialize(f) + t));

    private static readonly Gen<string> FormValue = Gen.OneOf(
        "smart", "fast", "whisper-1", "", "a/smart", "claude/smart", "smart\r\nX-Injected: 1", "模型", "a\u0000b", new string('m', 5000), "json", "text", "verbose_json", "0.5", "-1", "1e999");

    private static readonly Gen<(string Name, string? FileName, byte[] Data)[]> FormParts = Gen.Select(
        Gen.Frequency((8, FormValue.Select(v => new[] { ("model", (string?)null, Encoding.UTF8.GetBytes(v)) })), (1, Gen.Const(Array.Empty<(string, string?, byte[])>())),
            (1, Gen.Select(FormValue, FormValue, (a, b) => new[] { ("model", (string?)null, Encoding.UTF8.GetBytes(a)), ("model", (string?)null, Encoding.UTF8.GetBytes(b)) }))),
        Gen.Frequency((8, Gen.Byte.Array[0, 64].Select(bytes => new[] { ("file", (string?)"a.wav", bytes) })), (1, Gen.Const(Array.Empty<(string, string?, byte[])>())),
            (1, Gen.OneOf("../../etc/passwd", "a\"b.wav", "", "模型.mp3", new string('f', 2000)).Select(name => new[] { ("file", (string?)name, new byte[] { 1, 2, 3 }) }))),
        Gen.Frequency((6, Gen.Const(Array.Empty<(string, string?, byte[])>())),
            (3, Gen.Select(Gen.OneOf("response_format", "language", "temperature", "prompt", "timestamp_granularities[]", "stream", "", "x\"y", new string('n', 500)), FormValue,
                (name, value) => new[] { (name, (string?)null, Encoding.UTF8.GetBytes(value)) }))),
        (model, file, extra) => model.Concat(file).Concat(extra).ToArray());

    /// <summary>How the multipart framing is broken, if at all.</summary>
    private static readonly Gen<int> Framing = Gen.Frequency((8, Gen.Const(0)), (1, Gen.Int[1, 5]));

    /// <summary>A multipart/form-data body for <see cref="Boundary"/>, well or badly framed, then maybe byte mutations.</summary>
    public static readonly Gen<byte[]> Multipart = Gen.Select(FormParts, Framing, Gen.Frequency((8, Gen.Const(Array.Empty<ByteMutation>())), (2, ByteMutation.Any.Array[1, 3])),
        (parts, framing, mutations) => mutations.Aggregate(Form(parts, framing), (bytes, m) => m.Apply(bytes)));

    /// <summary>The Content-Type of a multipart request: mostly the body's boundary, sometimes another, none, or not multipart.</summary>
    public static readonly Gen<string?> MultipartContentType = Gen.Frequency(
        (8, Gen.Const<string?>("multipart/form-data; boundary=" + Boundary)),
        (2, Gen.OneOf<string?>("multipart/form-data; boundary=\"" + Boundary + "\"", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=other",
            "multipart/form-data; boundary=" + new string('b', 200), "application/json", null, "multipart/mixed; boundary=" + Boundary, "text/plain")));

    private static byte[] Form((string Name, string? FileName, byte[] Data)[] parts, int framing)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        if (framing == 1)
        {
            Write("preamble without a boundary");
        }

        foreach (var (name, fileName, data) in parts)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"" + (fileName is null ? "" : $"; filename=\"{fileName}\"") + "\r\n");
            Write(fileName is null ? "\r\n" : "Content-Type: audio/wav\r\n\r\n");
            body.Write(data);
            Write(framing == 2 ? "\n" : "\r\n");
        }

        Write(framing switch { 3 => "", 4 => $"--{Boundary}\r\n", 5 => $"--{Boundary}--\r\n--{Boundary}--", _ => $"--{Boundary}--\r\n" });
        return body.ToArray();
    }

    private static Gen<byte[]> Mutated(Gen<string> text) => Gen.Select(text, Gen.Frequency((7, Gen.Const(Array.Empty<ByteMutation>())), (3, ByteMutation.Any.Array[1, 3])),
        (t, mutations) => mutations.Aggregate(Encoding.UTF8.GetBytes(t), (bytes, m) => m.Apply(bytes)));

    private static Gen<Fields> Optional(string key, Gen<string> value) =>
        Gen.Frequency((3, Gen.Const(Array.Empty<(string, string)>())), (1, value.Select(v => new[] { (key, v) })));

    private static Fields Concat(params Fields[] parts) => [.. parts.SelectMany(p => p)];

    private static string Serialize(Fields fields) => "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Raw}")) + "}";
}
