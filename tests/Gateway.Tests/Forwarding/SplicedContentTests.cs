using System.Text;
using Gateway.Forwarding;

namespace Gateway.Tests.Forwarding;

public sealed class SplicedContentTests
{
    /// <summary>The base with its constructor open, for text bodies.</summary>
    private sealed class Spliced(string body, int start, int length, string? replacement, int insertAt, string? insert)
        : SplicedContent(Encoding.UTF8.GetBytes(body), start, length, replacement is null ? null : Encoding.UTF8.GetBytes(replacement),
            insertAt, insert is null ? null : Encoding.UTF8.GetBytes(insert), "text/plain");

    public static TheoryData<string?, string?, string> Cases => new()
    {
        { null, null, "0123456789" },
        { "abc", null, "01abc56789" },
        { "", null, "0156789" },
        { null, "XY", "01234567XY89" },
        { "é", "XY", "01é567XY89" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Serialize_ReplacementAndInsert_WritesTheSplicedBodyAndItsLength(string? replacement, string? insert, string expected)
    {
        using var content = new Spliced("0123456789", 2, 3, replacement, 8, insert);

        var sent = await content.ReadAsByteArrayAsync();

        Assert.Equal(expected, Encoding.UTF8.GetString(sent));
        Assert.Equal(sent.Length, content.Headers.ContentLength);
        Assert.Equal("text/plain", content.Headers.ContentType!.ToString());
    }
}
