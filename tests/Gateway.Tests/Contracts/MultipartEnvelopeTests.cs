using System.Text;
using Gateway.Contracts;

namespace Gateway.Tests.Contracts;

public sealed class MultipartEnvelopeTests
{
    private const string B = "xyz";

    private static string ModelAt(string body, MultipartEnvelope envelope) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body), envelope.ModelStart, envelope.ModelLength);

    private static MultipartEnvelope Parse(string body)
    {
        Assert.True(MultipartEnvelope.TryParse(Encoding.UTF8.GetBytes(body), B, "file", out var envelope, out var error), error);
        return envelope;
    }

    private static string Refuse(string body)
    {
        Assert.False(MultipartEnvelope.TryParse(Encoding.UTF8.GetBytes(body), B, "file", out _, out var error));
        return error;
    }

    public static TheoryData<string> Accepted => new()
    {
        // RFC 7578 as browsers and most clients write it.
        "--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\nContent-Type: audio/mpeg\r\n\r\nID3\r\n--xyz--\r\n",

        // .NET's MultipartFormDataContent: unquoted names, the file first, filename*.
        "--xyz\r\nContent-Disposition: form-data; name=file; filename=a.mp3; filename*=utf-8''a.mp3\r\n\r\nID3\r\n--xyz\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=model\r\n\r\nsmart\r\n--xyz--",

        // A preamble, transport padding after boundaries, an epilogue, header names in any case, spaces around '='.
        "preamble\r\n--xyz  \r\ncontent-disposition:form-data ;name = \"model\"\r\n\r\nsmart\r\n--xyz\t\r\nCONTENT-DISPOSITION: FORM-DATA; NAME=\"file\"\r\n\r\nID3\r\n--xyz--epilogue\r\n--xyz\r\n",

        // Look-alikes: a filename that reads like a name, a quoted name with ';' and an escaped quote, near-boundaries in the content.
        "--xyz\r\nContent-Disposition: form-data; filename=\"name=model\"; name=\"note;\\\"x\\\"\"\r\n\r\n--xy\r\n-xyz\r\n--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--xyz--",

        // A folded (obsolete) header line, and an empty file.
        "--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\nX-Note: one\r\n  two\r\n\r\nsmart\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\r\n--xyz--",
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryParse_ValidForm_FindsTheModelValueInPlace(string body)
    {
        var envelope = Parse(body);

        Assert.Equal("smart", envelope.Model);
        Assert.Equal("smart", ModelAt(body, envelope));
    }

    [Theory]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nID3\r\n--xyz--", "You must provide a model parameter.")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--xyz--", "You must provide a model parameter.")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\na\r\n--xyz\r\nContent-Disposition: form-data; name=model\r\n\r\nb\r\n--xyz--", "'model' appears more than once.")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n--xyz--", "Missing required parameter: 'file'.")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsm art\r\n--xyz--", "'model' must be")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n", "closing boundary")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n--xyz", "closing boundary")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart", "closing boundary")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"", "headers do not end")]
    [InlineData("--xyzjunk\r\n\r\n--xyz--", "followed by other text")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=a\r\n\r\nthe delimiter may not appear in content (RFC 2046)\r\n--xyzz\r\n--xyz--", "followed by other text")]
    [InlineData("", "does not start with its boundary")]
    [InlineData("--abc\r\n\r\n--abc--", "does not start with its boundary")]
    [InlineData("--xyz\r\n\r\nsmart\r\n--xyz--", "no Content-Disposition")]
    [InlineData("--xyz\r\nContent-Disposition: form-data\r\n\r\nsmart\r\n--xyz--", "no Content-Disposition")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nsmart\r\n--xyz--", "empty name")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nsmart\r\n--xyz--", "two names")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nsmart\r\n--xyz--", "two Content-Disposition")]
    [InlineData("--xyz\r\nContent-Disposition: inline; name=model\r\n\r\nsmart\r\n--xyz--", "not form-data")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\r\n\r\nsmart\r\n--xyz--", "unterminated")]
    [InlineData("--xyz\r\nContent-Disposition: form-data; name=\"model\"x\r\n\r\nsmart\r\n--xyz--", "text after its quoted value")]
    [InlineData("--xyz\r\n: no name\r\n\r\nsmart\r\n--xyz--", "no name and colon")]
    public void TryParse_BadForm_IsRefusedWithItsReason(string body, string reason)
    {
        Assert.Contains(reason, Refuse(body), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ModelValueThatIsNotUtf8_IsRefused()
    {
        var body = Encoding.UTF8.GetBytes("--xyz\r\nContent-Disposition: form-data; name=model\r\n\r\n\u0001\r\n--xyz\r\nContent-Disposition: form-data; name=file\r\n\r\n\r\n--xyz--");
        body[Array.IndexOf(body, (byte)1)] = 0xFF;

        Assert.False(MultipartEnvelope.TryParse(body, B, "file", out _, out var error));
        Assert.Contains("'model' must be", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HeadersBeyondTheCap_AreRefused_UnderItAccepted()
    {
        string Form(int padding) => $"--xyz\r\nContent-Disposition: form-data; name=model\r\nX-Pad: {new string('p', padding)}\r\n\r\nsmart\r\n--xyz\r\nContent-Disposition: form-data; name=file\r\n\r\n\r\n--xyz--";
        var fixedPart = "Content-Disposition: form-data; name=model\r\nX-Pad: \r\n\r\n".Length;

        Assert.Equal("smart", Parse(Form(MultipartEnvelope.MaxHeaderBytes - fixedPart)).Model);
        Assert.Contains("headers do not end", Refuse(Form(MultipartEnvelope.MaxHeaderBytes - fixedPart + 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BinaryFileFullOfLookAlikes_KeepsItsBytesOutOfTheFields()
    {
        var file = new byte[70_000];
        new Random(7).NextBytes(file);
        "\r\n--xy\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nevil"u8.CopyTo(file.AsSpan(30_000));
        var head = Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes("\r\n--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nfast\r\n--xyz--\r\n");
        var body = head.Concat(file).Concat(tail).ToArray();

        Assert.True(MultipartEnvelope.TryParse(body, B, "file", out var envelope, out var error), error);
        Assert.Equal(("fast", head.Length + file.Length + "\r\n--xyz\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n".Length), (envelope.Model, envelope.ModelStart));
    }
}
