using Gateway.Protocols.Messages;

namespace Gateway.Tests.Protocols.Messages;

public sealed class JsonCompletenessTests
{
    [Theory]
    [InlineData(new[] { "{", "}" }, new[] { false, true })]
    [InlineData(new[] { "{\"a\":{\"b\":1}", ",\"c\":[1,[2]]", "}" }, new[] { false, false, true })]
    [InlineData(new[] { "{\"s\":\"}\"", ",\"t\":\"x\\\"}", "\"}" }, new[] { false, false, true })]
    [InlineData(new[] { "{\"e\":\"\\\\", "\"}" }, new[] { false, true })]
    [InlineData(new[] { "  ", "[", "{}", "]" }, new[] { false, false, false, true })]
    [InlineData(new[] { "\"{\"", "123" }, new[] { false, false })]
    public void Feed_InPieces_CompleteOnlyWhenTheTopLevelValueCloses(string[] pieces, bool[] complete)
    {
        var json = new JsonCompleteness();
        for (var i = 0; i < pieces.Length; i++)
        {
            json.Feed(pieces[i]);
            Assert.Equal(complete[i], json.Complete);
        }
    }
}
