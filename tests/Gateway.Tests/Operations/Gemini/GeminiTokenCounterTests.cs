using System.Text;
using Gateway.Operations.Gemini;
using Gateway.Protocols;
using Gateway.Protocols.Gemini;
using Gateway.Providers;

namespace Gateway.Tests.Operations.Gemini;

public sealed class GeminiTokenCounterTests
{
    private static long Count(string body) => GeminiTokenCounter.Count(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Count_GrowsWithTheText_AndReadsAGenerateContentRequest()
    {
        var short_ = Count("""{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}""");
        var long_ = Count("""{"contents":[{"role":"user","parts":[{"text":"Hi there, how many tokens does this sentence have?"}]}]}""");
        var wrapped = Count("""{"generateContentRequest":{"model":"models/x","contents":[{"role":"user","parts":[{"text":"Hi there, how many tokens does this sentence have?"}]}]}}""");

        Assert.InRange(short_, 5, 10);
        Assert.True(long_ > short_ + 8, $"{long_} vs {short_}");
        Assert.Equal(long_, wrapped);
    }

    [Fact]
    public void Count_SystemToolsAndImages_Count_ThoughtSignaturesDoNot()
    {
        var plain = Count("""{"contents":[{"parts":[{"text":"Hi"}]}]}""");

        Assert.True(Count("""{"contents":[{"parts":[{"text":"Hi"}]}],"systemInstruction":{"parts":[{"text":"Be brief and kind."}]}}""") > plain);
        Assert.True(Count("""{"contents":[{"parts":[{"text":"Hi"}]}],"tools":[{"functionDeclarations":[{"name":"weather","description":"Weather in a city"}]}]}""") > plain);
        Assert.Equal(plain + 2 + 258, Count("""{"contents":[{"parts":[{"text":"Hi"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"}}]}]}"""));
        Assert.Equal(Count("""{"contents":[{"role":"model","parts":[{"text":"Hi"}]}]}"""), Count("""{"contents":[{"role":"model","parts":[{"text":"Hi","thoughtSignature":"c2lnbmF0dXJlIHRoYXQgaXMgbG9uZw=="}]}]}"""));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"contents":"Hi"}""")]
    [InlineData("""{"generateContentRequest":{"model":"x"}}""")]
    public void Count_NoContents_ThrowsTranslationException(string body) => Assert.Throws<TranslationException>(() => Count(body));
}
