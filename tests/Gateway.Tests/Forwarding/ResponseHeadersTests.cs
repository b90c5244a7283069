using System.Net;
using System.Text;
using Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Forwarding;

public sealed class ResponseHeadersTests
{
    private static HttpResponseMessage Upstream(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        response.Content.Headers.TryAddWithoutValidation("Content-Length", "2");
        response.Content.Headers.TryAddWithoutValidation("Content-Encoding", "gzip");
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    private static IHeaderDictionary Copy(HttpResponseMessage from, bool keepContentLength)
    {
        var to = new DefaultHttpContext().Response;
        ResponseHeaders.Copy(from, to, keepContentLength);
        return to.Headers;
    }

    [Fact]
    public void Copy_ManyUpstreamHeaders_KeepsOnlyTheAllowList()
    {
        using var upstream = Upstream(
            ("Set-Cookie", "s=1"), ("x-internal-secret", "hunter2"), ("openai-organization", "org-1"), ("Location", "https://elsewhere/"),
            ("x-ratelimit-remaining-requests", "4999"), ("x-request-id", "upstream"), ("anthropic-ratelimit-tokens-remaining", "1"),
            ("Server", "upstream"), ("Connection", "keep-alive"), ("Content-Disposition", "attachment"), ("Content-Location", "/x"),
            ("Cache-Control", "no-store"), ("Retry-After", "7"), ("retry-after-ms", "7000"), ("openai-processing-ms", "42"), ("openai-version", "2020-10-01"));

        var copied = Copy(upstream, keepContentLength: true);

        Assert.Equal(
            ["Cache-Control", "Content-Encoding", "Content-Length", "Content-Type", "openai-processing-ms", "openai-version", "Retry-After", "retry-after-ms"],
            copied.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(("no-store", "42", "gzip", "2"), (copied.CacheControl.ToString(), copied["openai-processing-ms"].ToString(), copied.ContentEncoding.ToString(), copied.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Copy_BodyNotPassedByteForByte_DropsLengthAndEncoding()
    {
        using var upstream = Upstream();

        var copied = Copy(upstream, keepContentLength: false);

        Assert.Equal(["Content-Type"], copied.Keys);
    }

    [Theory]
    [InlineData("12\u00e9")]
    [InlineData("caf\u00e9 \u2713")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007fb")]
    public void Copy_ValueOutsideVisibleAscii_DropsTheHeader(string value)
    {
        using var upstream = Upstream(("openai-processing-ms", value), ("openai-version", "2020-10-01"));

        var copied = Copy(upstream, keepContentLength: false);

        Assert.False(copied.ContainsKey("openai-processing-ms"));
        Assert.Equal("2020-10-01", copied["openai-version"].ToString());
    }

    [Fact]
    public void Copy_NonAsciiContentType_IsDropped()
    {
        using var upstream = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        upstream.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=\u00fc");

        Assert.False(Copy(upstream, keepContentLength: true).ContainsKey("Content-Type"));
    }

    [Theory]
    [InlineData("visible ASCII ~!", true)]
    [InlineData("tab\tok", true)]
    [InlineData("", true)]
    [InlineData("cr\rx", false)]
    [InlineData("lf\nx", false)]
    [InlineData("nul\0x", false)]
    [InlineData("\u00e9", false)]
    public void IsSafeValue_Characters_OnlyVisibleAsciiSpaceAndTab(string value, bool expected) => Assert.Equal(expected, ResponseHeaders.IsSafeValue(value));
}
