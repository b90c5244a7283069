using System.Text;
using Gateway.Endpoints;

namespace Gateway.Tests.Endpoints;

public sealed class JsonArraysTests
{
    [Theory]
    [InlineData("[1,2]", "[3]", "[1,2,3]")]
    [InlineData("[]", "[3]", "[3]")]
    [InlineData("", "[ {\"a\":1} ]", "[{\"a\":1}]")]
    [InlineData(" [1] ", "[]", "[1]")]
    [InlineData("[]", "[]", "[]")]
    public void Concat_JoinsTheElements(string first, string second, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonArrays.Concat(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second))));
    }
}
