using System.Text;
using Gateway.Contracts;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

/// <summary>Legacy completions' streams: <c>choices[].text</c> chunks, judged by the same detector as chat at every split.</summary>
public sealed class CompletionsOperationTests
{
    private const string Empty = "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    private const string Text = "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\" Hi\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n";

    public static TheoryData<string, string> Streams => new()
    {
        { Empty, "NeedMore" },
        { Empty + Text, "Content" },
        { Empty + "data: {\"choices\":[{\"text\":\"\",\"index\":0,\"finish_reason\":\"length\"}]}\n\n", "Content" },
        { Empty + "data: {\"choices\":[{\"text\":null,\"index\":0}]}\n\n", "NeedMore" },
        { Empty + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n", "Error" },
        { Empty + "data: [DONE]\n\n", "Done" },
        { Empty.Replace("\n", "\r\n", StringComparison.Ordinal) + Text.Replace("\n", "\r\n", StringComparison.Ordinal), "Content" },
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void FirstTokenDetector_AtEverySplit_GivesTheSignal(string stream, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        for (var size = 1; size <= bytes.Length; size++)
        {
            var detector = CompletionsOperation.Instance.CreateFirstTokenDetector();
            var signal = StreamSignal.NeedMore;
            for (var end = Math.Min(size, bytes.Length); signal == StreamSignal.NeedMore; end = Math.Min(end + size, bytes.Length))
            {
                signal = detector.Scan(bytes.AsSpan(0, end));
                if (end == bytes.Length)
                {
                    break;
                }
            }

            Assert.Equal(expected, signal.ToString());
        }
    }

    [Theory]
    [InlineData("""{"model":"fast","prompt":"Say hi","stream":true}""", true)]
    [InlineData("""{"model":"fast","prompt":["a","b"],"stream":true,"stream_options":{"include_usage":true}}""", false)]
    [InlineData("""{"model":"fast","prompt":[1,2,3],"stream":false}""", false)]
    public void UsageRequest_AsksForUsageOnlyWhenTheClientDidNot(string body, bool asks)
    {
        Assert.True(CompletionsOperation.Instance.TryParse(Encoding.UTF8.GetBytes(body), out var envelope, out var error), error);

        Assert.Equal(asks, CompletionsOperation.Instance.UsageRequest(envelope) is not null);
    }

    [Theory]
    [InlineData("data: {\"choices\":[]}\n\ndata: [DONE]\n\n", true)]
    [InlineData("data: {\"choices\":[{\"text\":\"a\"}]}\n\n", false)]
    public void EndsComplete_OnlyAtDone(string tail, bool complete)
    {
        Assert.Equal(complete, CompletionsOperation.Instance.EndsComplete(Encoding.UTF8.GetBytes(tail)[^16..]));
    }

    [Theory]
    [InlineData("""{"model":"fast"}""", "Missing required parameter: 'prompt'.")]
    [InlineData("""{"prompt":"x"}""", "You must provide a model parameter.")]
    public void TryParse_WithoutItsFields_IsRefused(string body, string error)
    {
        Assert.False(CompletionsOperation.Instance.TryParse(Encoding.UTF8.GetBytes(body), out RequestEnvelope _, out var message));
        Assert.Equal(error, message);
    }
}
