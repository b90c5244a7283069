using System.Text;
using Gateway.Usage;

namespace Gateway.Tests.Usage;

public sealed class UsageOnlyChunkTests
{
    [Theory]
    [InlineData("{\"choices\":[],\"usage\":{\"prompt_tokens\":1}}", true)]
    [InlineData(" { \"usage\" : { } ,\n\t\"choices\" : [\r\n] } ", true)]
    [InlineData("{\"id\":\"x\",\"choi\\u0063es\":[],\"model\":{\"a\":[1]},\"usage\":{\"prompt_tokens\":1}}", true)]
    [InlineData("{\"choices\":[{}],\"usage\":{\"prompt_tokens\":1}}", false)]
    [InlineData("{\"choices\":[],\"usage\":null}", false)]
    [InlineData("{\"choices\":[]}", false)]
    [InlineData("{\"usage\":{\"prompt_tokens\":1}}", false)]
    [InlineData("{\"choices\":{},\"usage\":{}}", false)]
    [InlineData("{\"choices\":[],\"usage\":{}", false)]
    [InlineData("[{\"choices\":[],\"usage\":{}}]", false)]
    [InlineData("{\"choices\":[],\"usage\":{}}{}", false)]
    [InlineData("", false)]
    public void Is_ReadsTheJson_NotTheBytes(string json, bool expected)
    {
        Assert.Equal(expected, UsageOnlyChunk.Is(Encoding.UTF8.GetBytes(json)));
    }
}
