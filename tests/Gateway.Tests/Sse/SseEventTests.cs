using System.Text;
using Gateway.Sse;

namespace Gateway.Tests.Sse;

public sealed class SseEventTests
{
    [Theory]
    [InlineData("data: {\"a\":1}\n\n", 1, "{\"a\":1}")]
    [InlineData("event: x\r\ndata:{\"a\":1}\r\n\r\n", 1, "{\"a\":1}")]
    [InlineData(": comment\rdata: [DONE]\r\r", 1, "[DONE]")]
    [InlineData("data: one\ndata:  two\n\n", 2, " two")]
    [InlineData("event: ping\n\n", 0, "")]
    [InlineData("id: data: no\n\n", 0, "")]
    public void Data_CountsDataLines_AndGivesTheLast(string sseEvent, int count, string last)
    {
        Assert.Equal(count, SseEvent.Data(Encoding.UTF8.GetBytes(sseEvent), out var data));
        Assert.Equal(last, Encoding.UTF8.GetString(data));
    }
}
