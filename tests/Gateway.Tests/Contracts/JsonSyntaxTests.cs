using System.Text;
using System.Text.Json;
using Gateway.Contracts;

using static Gateway.Tests.Forwarding.JsonSamples;

namespace Gateway.Tests.Contracts;

/// <summary>
/// <see cref="JsonSyntax"/> against the verdict of <see cref="Utf8JsonReader"/> (the guard's reader before it), on
/// hand-picked edges and on a hundred thousand generated values, whole and broken: any input where the two disagree
/// fails the test with the input.
/// </summary>
public sealed class JsonSyntaxTests
{
    [Theory]
    [InlineData("{}", true)]
    [InlineData("[]", true)]
    [InlineData(" \t\r\n{ } \n", true)]
    [InlineData("\"\"", true)]
    [InlineData("0", true)]
    [InlineData("-0.5e+10", true)]
    [InlineData("true", true)]
    [InlineData("null", true)]
    [InlineData("{\"a\":[1,2,{\"b\":\"\\u00e9\\n\\\"\"}],\"c\":false}", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("{", false)]
    [InlineData("{\"a\":1", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("[1,]", false)]
    [InlineData("{\"a\" 1}", false)]
    [InlineData("{a:1}", false)]
    [InlineData("01", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("1e", false)]
    [InlineData("-", false)]
    [InlineData("tru", false)]
    [InlineData("truex", false)]
    [InlineData("{} {}", false)]
    [InlineData("\"\\x\"", false)]
    [InlineData("\"\\u12G4\"", false)]
    [InlineData("\"tab\there\"", false)]
    [InlineData("[1 2]", false)]
    [InlineData("{\"a\":1]", false)]
    [InlineData("[1}", false)]
    [InlineData("// comment\n{}", false)]
    [InlineData("{\"choices\":[{\"delta\":{\"content\":\" cut", false)]
    public void IsValid_Edges_AgreeWithTheReader(string json, bool valid)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(valid, Reference(bytes));
        Assert.Equal(valid, JsonSyntax.IsValid(bytes));
    }

    [Theory]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(129)]
    public void IsValid_Nesting_StopsWhereTheReaderStops(int depth)
    {
        foreach (var (open, close) in new[] { ("[", "]"), ("{\"a\":", "}") })
        {
            var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth)));
            Assert.Equal(Reference(bytes), JsonSyntax.IsValid(bytes));
        }

        Assert.True(JsonSyntax.IsValid(Encoding.UTF8.GetBytes(new string('[', 128) + new string(']', 128))));
        Assert.False(JsonSyntax.IsValid(Encoding.UTF8.GetBytes(new string('[', 129) + new string(']', 129))));
    }

    [Fact]
    public void IsValid_GeneratedValuesWholeAndBroken_AgreeWithTheReader()
    {
        var random = new Random(20261207);
        var (valid, invalid) = (0, 0);
        for (var i = 0; i < 100_000; i++)
        {
            var text = new StringBuilder();
            WriteValue(text, random, 0);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (i % 4 != 0)
            {
                bytes = Mutate(bytes, random);
            }

            var expected = Reference(bytes);
            var actual = JsonSyntax.IsValid(bytes);
            if (expected != actual)
            {
                Assert.Fail($"reader says {expected}, JsonSyntax says {actual}, for: {Convert.ToHexString(bytes)} ({Encoding.UTF8.GetString(bytes)})");
            }

            (valid, invalid) = expected ? (valid + 1, invalid) : (valid, invalid + 1);
        }

        // Both kinds were really tried.
        Assert.True(valid > 20_000 && invalid > 20_000, $"{valid} valid, {invalid} invalid");
    }

    private static bool Reference(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonSyntax.MaxDepth });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }





}
