using Gateway.FakeUpstream;

namespace Gateway.IntegrationTests.FakeUpstream;

public sealed class JsonPiecesTests
{
    [Theory]
    [InlineData("{\"city\":\"Paris\"}", 3, new[] { "{\"cit", "y\":\"P", "aris\"}" })]
    [InlineData("{}", 3, new[] { "{", "}" })]
    [InlineData("", 3, new string[0])]
    [InlineData("abcdef", 1, new[] { "abcdef" })]
    public void Split_CutsIntoNearlyEqualPieces(string text, int count, string[] expected) => Assert.Equal(expected, JsonPieces.Split(text, count));

    [Fact]
    public void Split_NeverCutsASurrogatePair()
    {
        var pieces = JsonPieces.Split("a😀b😀", 3);

        Assert.Equal("a😀b😀", string.Concat(pieces));
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1])));
    }

    [Fact]
    public void Spaced_AddsSpacesOutsideStringsOnly() =>
        Assert.Equal("""{"a": 1, "b": ["x,y", "k:\"v\""]}""", JsonPieces.Spaced("""{"a":1,"b":["x,y","k:\"v\""]}"""));

    [Theory]
    [InlineData("""{"city": "Paris"}""", new[] { """{"city": """, "\"Paris\"}" })]
    [InlineData("""{"a": 1, "b": {"c": "x: y"}}""", new[] { """{"a": """, """1, "b": """, """{"c": """, "\"x: y\"}}" })]
    [InlineData("{}", new[] { "{}" })]
    public void AfterKeys_CutsAfterEveryKey(string spaced, string[] expected) => Assert.Equal(expected, JsonPieces.AfterKeys(spaced));
}
