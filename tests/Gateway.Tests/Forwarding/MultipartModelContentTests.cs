using System.Text;
using Gateway.Forwarding;
using Gateway.Protocols;
using Gateway.Providers;

namespace Gateway.Tests.Forwarding;

public sealed class MultipartModelContentTests
{
    private const string Body = "--b\r\nContent-Disposition: form-data; name=model\r\n\r\nsmart\r\n--b--";

    private static int ValueStart => Body.IndexOf("smart", StringComparison.Ordinal);

    [Theory]
    [InlineData("gpt-4o-transcribe")]
    [InlineData("w")]
    [InlineData("whisper-large-v3-türbo")]
    public async Task Serialize_ReplacesOnlyTheModelValue_AndTheLengthAgrees(string model)
    {
        using var content = new MultipartModelContent(Encoding.UTF8.GetBytes(Body), ValueStart, 5, model, "multipart/form-data; boundary=b");

        var sent = await content.ReadAsByteArrayAsync();

        Assert.Equal(Body.Replace("smart", model, StringComparison.Ordinal), Encoding.UTF8.GetString(sent));
        Assert.Equal(sent.Length, content.Headers.ContentLength);
        Assert.Equal("multipart/form-data; boundary=b", content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Serialize_NoUpstreamModel_SendsTheBodyAsItCame()
    {
        using var content = new MultipartModelContent(Encoding.UTF8.GetBytes(Body), ValueStart, 5, model: null, "multipart/form-data; boundary=b");

        Assert.Equal(Body, Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("a\r\n--b--")]
    [InlineData("a\nb")]
    public void Create_ModelWithALineBreak_IsATranslationFailure(string model)
    {
        Assert.Throws<TranslationException>(() => new MultipartModelContent(Encoding.UTF8.GetBytes(Body), ValueStart, 5, model, "multipart/form-data; boundary=b"));
    }
}
