using System.Text;
using CsCheck;
using static Gateway.IntegrationTests.Fuzz.JsonValueGen;
using Fields = (string Key, string Raw)[];

namespace Gateway.IntegrationTests.Fuzz;

/// <summary>
/// Request bodies: a chat or embeddings request built field by field from <see cref="JsonValueGen"/>, mutated
/// structurally (a field dropped, duplicated, retyped, a deep field added, garbage after the object), then
/// sometimes at the byte level (<see cref="ByteMutation"/>). Fields are raw JSON texts so that duplicates,
/// bad escapes and numbers no parser would produce can be written.
/// </summary>
internal static class BodyGen
{
    private static readonly Gen<Fields> ChatFields = Gen.Select(
        Model, Messages,
        Gen.Select(Optional("temperature", Number), Optional("top_p", Number), Optional("max_tokens", Number), Optional("stream", StreamFlag), (a, b, c, d) => Concat(a, b, c, d)),
        Gen.Select(Optional("stop", Stop), Optional("tools", Tools), Optional("tool_choice", ToolChoice), Optional("user", Gen.OneOf("\"u1\"", "1", "null")), (a, b, c, d) => Concat(a, b, c, d)),
        Gen.Select(Optional("stream_options", Gen.OneOf("{\"include_usage\":true}", "null", "1", "{\"include_usage\":\"x\"}")), Optional("n", Number),
            Optional("response_format", Gen.OneOf("{\"type\":\"json_object\"}", "\"json\"", "null")), Optional("max_completion_tokens", Number), (a, b, c, d) => Concat(a, b, c, d)),
        (model, messages, sampling, tools, rest) => Concat([("model", model), ("messages", messages)], sampling, tools, rest));

    private static readonly Gen<Fields> EmbeddingsFields = Gen.Select(
        Gen.Frequency((3, Gen.Const("\"text-embedding-3-small\"")), (2, Model)), Input,
        Optional("encoding_format", Gen.OneOf("\"float\"", "\"base64\"", "1")), Optional("dimensions", Number),
        (model, input, format, dimensions) => Concat([("model", model), ("input", input)], format, dimensions));

    /// <summary>One structural change to a field list, or none.</summary>
    private static readonly Gen<Func<Fields, Fields>> Structural = Gen.Frequency(
        (6, Gen.Const<Func<Fields, Fields>>(f => f)),
        (1, Gen.Int[0, 20].Select<int, Func<Fields, Fields>>(i => f => [.. f.Where((_, j) => j != i % f.Length)])),
        (1, Gen.Int[0, 20].Select<int, Func<Fields, Fields>>(i => f => [.. f, f[i % f.Length]])),
        (1, Gen.Select(Gen.Int[0, 20], Retyped).Select<(int, string), Func<Fields, Fields>>(t => f => [.. f.Select((x, j) => j == t.Item1 % f.Length ? (x.Key, t.Item2) : x)])),
        (1, Gen.OneOf(10, 64, 65, 100, 128, 129, 200, 1000).Select<int, Func<Fields, Fields>>(d => f => [.. f, ("deep", Deep(d))])),
        (1, Gen.Const<Func<Fields, Fields>>(f => [.. f.Reverse()])));

    private static readonly Gen<string> Trailing = Gen.Frequency(
        (8, Gen.Const("")), (1, Gen.OneOf(" ", "\n", "}", "garbage", "{}", "\u0000", "]", ",", "{\"model\":\"smart\"}", "/*c*/")));

    private static readonly Gen<string> WholeBodyOddity = Gen.OneOf(
        "", "null", "[]", "\"x\"", "1", "{", "{}", "[{}]", "{\"model\":\"smart\",\"messages\":[", "{\"model\":\"smart\"\"messages\":[]}",
        "{\"model\":\"smart\",\"messages\":[],}", "{'model':'smart','messages':[]}", "\uFEFF{\"model\":\"smart\",\"messages\":[]}", Deep(200));

    /// <summary>A chat body (mostly), an embeddings body, or an odd whole body; then maybe byte mutations.</summary>
    public static readonly Gen<byte[]> Any = Gen.Select(
        Gen.Frequency(
            (7, Gen.Select(ChatFields, Structural, Trailing, (fields, change, trailing) => Serialize(change(fields)) + trailing)),
            (2, Gen.Select(EmbeddingsFields, Structural, Trailing, (fields, change, trailing) => Serialize(change(fields)) + trailing)),
            (1, WholeBodyOddity)),
        Gen.Frequency((7, Gen.Const(Array.Empty<ByteMutation>())), (3, ByteMutation.Any.Array[1, 3])),
        (text, mutations) => mutations.Aggregate(Encoding.UTF8.GetBytes(text), (bytes, m) => m.Apply(bytes)));

    private static Gen<Fields> Optional(string key, Gen<string> value) =>
        Gen.Frequency((3, Gen.Const(Array.Empty<(string, string)>())), (1, value.Select(v => new[] { (key, v) })));

    private static Fields Concat(params Fields[] parts) => [.. parts.SelectMany(p => p)];

    private static string Serialize(Fields fields) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Raw}")) + "}";
}
