using Gateway.Contracts;

namespace Gateway.Tests.Contracts;

public sealed class MultipartBoundaryTests
{
    [Theory]
    [InlineData("multipart/form-data; boundary=abc", "abc", "multipart/form-data; boundary=abc")]
    [InlineData("Multipart/Form-Data; charset=utf-8; boundary=\"----WebKitFormBoundary7MA4YWxk\"", "----WebKitFormBoundary7MA4YWxk", "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk")]
    [InlineData("multipart/form-data; boundary=\"a b:(c)?\"", "a b:(c)?", "multipart/form-data; boundary=\"a b:(c)?\"")]
    [InlineData("multipart/form-data; boundary=\"ea0b3e1e-6b4c-4a6d-9d5c-4bbf7e3d7f21\"", "ea0b3e1e-6b4c-4a6d-9d5c-4bbf7e3d7f21", "multipart/form-data; boundary=ea0b3e1e-6b4c-4a6d-9d5c-4bbf7e3d7f21")]
    public void TryRead_FormWithABoundary_GivesItAndAContentTypeThatCarriesIt(string contentType, string boundary, string upstream)
    {
        Assert.True(MultipartBoundary.TryRead(contentType, out var read, out _, out var error), error);

        Assert.Equal(boundary, read);
        Assert.Equal(upstream, MultipartBoundary.ContentType(read));
    }

    [Theory]
    [InlineData("multipart/form-data", 400)]
    [InlineData("multipart/form-data; boundary=\"\"", 400)]
    [InlineData("multipart/form-data; boundary=\"ends with space \"", 400)]
    [InlineData("multipart/form-data; boundary=\"semi;colon\"", 400)]
    [InlineData("multipart/form-data; boundary=\"a<b\"", 400)]
    [InlineData("multipart/form-data; boundary=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 400)]
    [InlineData("application/json", 415)]
    [InlineData("multipart/mixed; boundary=abc", 415)]
    [InlineData("", 415)]
    [InlineData(null, 415)]
    public void TryRead_NoUsableBoundary_IsRefusedWithItsStatus(string? contentType, int status)
    {
        Assert.False(MultipartBoundary.TryRead(contentType, out _, out var refused, out var error));

        Assert.Equal(status, refused);
        Assert.NotEmpty(error);
    }
}
