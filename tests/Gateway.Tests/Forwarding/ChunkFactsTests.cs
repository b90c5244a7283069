using System.Globalization;
using System.Reflection;
using System.Text;
using Gateway.Forwarding;

using static Gateway.Tests.Forwarding.JsonSamples;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// <see cref="ChunkFacts.Read"/> (a one-pass scanner, a reader only where it is unsure) against
/// <see cref="ChunkFacts.ReadWithReader"/> (the reader walk it replaced, still its fallback): the same verdict and the same facts, every field,
/// on hand-picked chunks and on a hundred thousand generated ones, whole and broken. A disagreement fails with the input.
/// </summary>
public sealed class ChunkFactsTests
{
    private static readonly FieldInfo[] Fields = typeof(ChunkFacts).GetFields(BindingFlags.Public | BindingFlags.Instance);

    [Theory]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""")]
    [InlineData("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Hello"},"logprobs":null,"finish_reason":null}]}""")]
    [InlineData("""{"id":"chatcmpl-1","created":1700000000,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""")]
    [InlineData("""{"id":"chatcmpl-1","created":1700000000,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":400,"total_tokens":412,"prompt_tokens_details":{"cached_tokens":0}}}""")]
    [InlineData("""{"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"queue_time":0.0123,"prompt_time":1e-3}}""")]
    [InlineData("""{"error":{"message":"overloaded","type":"server_error","code":null}}""")]
    [InlineData("""{"error":"overloaded"}""")]
    [InlineData("""{"error":{},"error":null}""")]
    [InlineData("""{"error":null,"error":{}}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"function_call":{"name":"f"}}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":null,"function_call":"x"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning_content":"think"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning":""}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"reasoning":null,"reasoning_content":5}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"refusal":"no"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"refusal":""}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]}""")]
    [InlineData("""{"choices":[{"index":1,"delta":{"content":"b"}},{"index":0,"delta":{"content":null}}]}""")]
    [InlineData("""{"choices":[{"index":0,"text":"legacy","finish_reason":null}]}""")]
    [InlineData("""{"choices":[{"index":0,"text":null,"delta":{"content":"x"},"text":5}]}""")]
    [InlineData("""{"choices":[{"\u0069ndex":1,"delta":{"\u0063ontent":"escaped name"}}]}""")]
    [InlineData("""{"\u0069d":"x","mod\u0065l":"y","choices":[{"delta":{"content":"z"}}]}""")]
    [InlineData("""{"unknown\n":1,"x":{"\u0069d":"deep"},"id":"a"}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"\u00e9\n\"\\ \uD83D\uDE00"}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"é中文😀"}}]}""")]
    [InlineData("""{"id":null,"model":null,"created":null,"choices":null,"usage":null,"error":null}""")]
    [InlineData("""{"id":{"a":[1]},"model":[1,2],"created":"1700000000","choices":{},"usage":[],"error":[]}""")]
    [InlineData("""{"id":1.5e3,"model":true,"created":-0.0}""")]
    [InlineData("""{"choices":[1,"x",null,[{"delta":{"content":"inner"}}],{"delta":"s","index":"0"}]}""")]
    [InlineData("""{"choices":[{"delta":{"content":"a"}}],"choices":[{"delta":{"content":"b"}}]}""")]
    [InlineData("""{"id":"a","id":"bb","model":"m","model":"mm","created":1,"created":22}""")]
    [InlineData("""{"usage":{"completion_tokens":5,"completion_tokens":"x","total_tokens":7,"total_tokens":8},"usage":{"prompt_tokens":3}}""")]
    [InlineData("""{"usage":{"completion_tokens":9223372036854775807,"total_tokens":9223372036854775808,"prompt_tokens":-9223372036854775808}}""")]
    [InlineData("""{"usage":{"completion_tokens":-9223372036854775809,"total_tokens":99999999999999999999,"prompt_tokens":-0}}""")]
    [InlineData("""{"usage":{"completion_tokens":1.0,"total_tokens":1e3,"prompt_tokens":2E+1}}""")]
    [InlineData("""{"usage":{"completion_tokens":1234567890123456789,"total_tokens":-1234567890123456789}}""")]
    [InlineData("""{"choices":[{"index":2147483647},{"index":-2147483648}]}""")]
    [InlineData("""{"choices":[{"index":2147483648}]}""")]
    [InlineData("""{"choices":[{"index":-2147483649}]}""")]
    [InlineData("""{"choices":[{"index":-0}]}""")]
    [InlineData("""{"choices":[{"index":-1}]}""")]
    [InlineData("""{"choices":[{"index":0.0}]}""")]
    [InlineData("""{"choices":[{"index":1e0}]}""")]
    [InlineData("""{"choices":[{"index":0,"index":1,"index":0}]}""")]
    [InlineData("""{"choices":[{"index":00}]}""")]
    [InlineData("""{"choices":[{"index":99999999999999999999999}]}""")]
    [InlineData(" \r\n\t{ \"id\" : \"a\" ,\n\"choices\" :\t[ { \"index\" : 0 , \"delta\" : { \"content\" : \"x\" } , \"finish_reason\" : \"stop\" } ] ,\r\n \"usage\" : { \"completion_tokens\" : 3 } } \n")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[{\"id\":\"x\"}]")]
    [InlineData("\"string\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("{")]
    [InlineData("{\"id\":\"a\"")]
    [InlineData("{\"id\":\"a\",}")]
    [InlineData("{\"id\":\"a\"} {}")]
    [InlineData("{\"id\":\"a\"}x")]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\" cut")]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\"tab\there\"}}]}")]
    [InlineData("{\"choices\":[{\"delta\":{\"con\ttent\":\"x\"}}]}")]
    [InlineData("{\"choices\":[{\"delta\":{\"\\x\":\"x\"}}]}")]
    [InlineData("{\"choices\":[{\"index\":-}]}")]
    [InlineData("{\"choices\":[{\"index\":0,}]}")]
    [InlineData("{\"choices\":[{\"index\":01}]}")]
    [InlineData("{\"usage\":{\"total_tokens\":1.}}")]
    [InlineData("{\"usage\":{\"total_tokens\":1.5x}}")]
    [InlineData("{\"error\":{\"a\":1]}")]
    [InlineData("{\"choices\":[1 2]}")]
    [InlineData("\uFEFF{\"id\":\"bom\"}")]
    [InlineData("{\"id\":tru}")]
    [InlineData("{\"id\":truex}")]
    [InlineData("{\"id\" \"a\"}")]
    [InlineData("{id:\"a\"}")]
    public void Read_Edges_SameAsTheReader(string json) => AssertSame(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData(126)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    public void Read_Nesting_StopsWhereTheReaderStops(int depth)
    {
        foreach (var prefix in new[] { "", "{\"x\":", "{\"choices\":[{\"delta\":{\"tool_calls\":", "{\"usage\":{\"a\":", "{\"choices\":[" })
        {
            var open = prefix.Count(c => c is '{' or '[');
            var close = new string(prefix.Reverse().Where(c => c is '{' or '[').Select(c => c == '{' ? '}' : ']').ToArray());
            foreach (var (o, c) in new[] { ("[", "]"), ("{\"a\":", "}") })
            {
                var inner = Math.Max(0, depth - open);
                AssertSame(Encoding.UTF8.GetBytes(prefix + string.Concat(Enumerable.Repeat(o, inner)) + "1" + string.Concat(Enumerable.Repeat(c, inner)) + close));
            }
        }
    }

    [Fact]
    public void Read_TypicalChunks_DecidedWithoutTheReader()
    {
        ChunkFacts facts = default;
        var chunk = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" Hello"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"queue_time":0.5}}"""u8;
        Assert.True(ChunkFactsScanner.Read(chunk, ref facts));
        Assert.Equal(" Hello", Encoding.UTF8.GetString(chunk.Slice(facts.Content.Start + 1, facts.Content.Length - 2)));
        Assert.Equal((2L, 3L), (facts.CompletionTokensValue, facts.TotalTokensValue));
    }

    [Fact]
    public void Read_GeneratedChunksWholeAndBroken_SameAsTheReader()
    {
        var random = new Random(20261207);
        var (valid, invalid, unsure, scannedValid) = (0, 0, 0, 0);
        for (var i = 0; i < 100_000; i++)
        {
            var text = new StringBuilder();
            WriteChunk(text, random);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (i % 4 != 0)
            {
                bytes = Mutate(bytes, random);
            }

            var expected = AssertSame(bytes);
            (valid, invalid) = expected ? (valid + 1, invalid) : (valid, invalid + 1);
            ChunkFacts scanned = default;
            switch (ChunkFactsScanner.Read(bytes, ref scanned))
            {
                case null:
                    unsure++;
                    break;
                case true:
                    scannedValid++;
                    break;
            }
        }

        // Both kinds were really tried, and mostly by the scanner itself (the generator writes escaped names, fractions
        // and exponents where counts are read far more often than providers do: those are the reader's).
        Assert.True(valid > 20_000 && invalid > 20_000, $"{valid} valid, {invalid} invalid");
        Assert.True(unsure < 40_000 && scannedValid > 15_000, $"{unsure} of 100,000 left to the reader, {scannedValid} valid ones read by the scanner");
    }

    private static bool AssertSame(byte[] bytes)
    {
        var expected = ChunkFacts.ReadWithReader(bytes, out var want);
        var actual = ChunkFacts.Read(bytes, out var got);
        if (expected != actual || Describe(want) != Describe(got))
        {
            Assert.Fail($"reader: {expected} {Describe(want)}\nscanner: {actual} {Describe(got)}\nfor: {Convert.ToHexString(bytes)} ({Encoding.UTF8.GetString(bytes)})");
        }

        return expected;
    }

    private static string Describe(ChunkFacts facts) =>
        string.Join(", ", Fields.Select(field => $"{field.Name}={field.GetValue(facts)}"));





    private static void WriteChunk(StringBuilder text, Random random) => WriteObject(text, random,
    [
        ("id", () => Odd(text, random, () => text.Append("\"chatcmpl-").Append(random.Next()).Append('"'))),
        ("object", () => text.Append("\"chat.completion.chunk\"")),
        ("created", () => Odd(text, random, () => WriteNumber(text, random))),
        ("model", () => Odd(text, random, () => WriteString(text, random))),
        ("system_fingerprint", () => text.Append(random.Next(2) == 0 ? "null" : "\"fp_44709d6fcb\"")),
        ("choices", () => Odd(text, random, () => WriteChoices(text, random))),
        ("usage", () => Odd(text, random, () => WriteUsage(text, random))),
        ("error", () => Odd(text, random, () => WriteObject(text, random, [("message", () => WriteString(text, random)), ("code", () => WriteNumber(text, random))]))),
    ]);

    private static void WriteChoices(StringBuilder text, Random random)
    {
        text.Append('[');
        var count = random.Next(4) == 0 ? random.Next(4) : 1;
        for (var n = 0; n < count; n++)
        {
            text.Append(Space(random));
            if (random.Next(10) == 0)
            {
                WriteValue(text, random, 2);
            }
            else
            {
                WriteObject(text, random,
                [
                    ("index", () => Odd(text, random, () => text.Append(random.Next(4) == 0 ? Number(random) : "0"))),
                    ("delta", () => Odd(text, random, () => WriteDelta(text, random))),
                    ("text", () => Odd(text, random, () => WriteString(text, random))),
                    ("logprobs", () => text.Append("null")),
                    ("finish_reason", () => text.Append(random.Next(3) switch { 0 => "null", 1 => "\"stop\"", _ => "\"length\"" })),
                ]);
            }

            text.Append(n < count - 1 ? "," : "");
        }

        text.Append(Space(random)).Append(']');
    }

    private static void WriteDelta(StringBuilder text, Random random) => WriteObject(text, random,
    [
        ("role", () => text.Append("\"assistant\"")),
        ("content", () => Odd(text, random, () => WriteString(text, random))),
        ("reasoning_content", () => Odd(text, random, () => WriteString(text, random))),
        ("reasoning", () => Odd(text, random, () => WriteString(text, random))),
        ("refusal", () => Odd(text, random, () => WriteString(text, random))),
        ("tool_calls", () => Odd(text, random, () => text.Append("[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]"))),
        ("function_call", () => Odd(text, random, () => text.Append("{\"name\":\"f\",\"arguments\":\"\"}"))),
    ]);

    private static void WriteUsage(StringBuilder text, Random random) => WriteObject(text, random,
    [
        ("prompt_tokens", () => Odd(text, random, () => text.Append(Number(random)))),
        ("completion_tokens", () => Odd(text, random, () => text.Append(Number(random)))),
        ("total_tokens", () => Odd(text, random, () => text.Append(Number(random)))),
        ("queue_time", () => text.Append("0.0123")),
        ("prompt_tokens_details", () => text.Append("{\"cached_tokens\":0}")),
    ]);

    /// <summary>Mostly the usual value, sometimes a value of any type.</summary>
    private static void Odd(StringBuilder text, Random random, Action usual)
    {
        if (random.Next(6) == 0)
        {
            WriteValue(text, random, 2);
        }
        else
        {
            usual();
        }
    }






}
