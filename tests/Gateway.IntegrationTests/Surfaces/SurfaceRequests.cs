using System.Net.Http.Headers;
using System.Text;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>Requests for the rest of OpenAI's surface: JSON bodies per operation, and raw multipart forms built byte by byte.</summary>
internal static class SurfaceRequests
{
    /// <summary>Path and a JSON body for each JSON operation, its model <c>smart</c>.</summary>
    public static TheoryData<string, string> JsonOperations => new()
    {
        { "/v1/completions", """{"model":"smart","prompt":"Say hi","max_tokens":5}""" },
        { "/v1/moderations", """{"input":"I will attack the castle","model":"smart"}""" },
        { "/v1/images/generations", """{"model":"smart","prompt":"a cat","n":1,"size":"256x256"}""" },
        { "/v1/audio/speech", """{"model":"smart","input":"Hello there","voice":"alloy"}""" },
    };

    public static TheoryData<string> FormPaths => new() { "/v1/audio/transcriptions", "/v1/audio/translations" };

    /// <summary>An audio file whose bytes include CR, LF, dashes and the boundary's look-alikes, as real binary files can.</summary>
    public static byte[] Audio(int length = 50_000)
    {
        var audio = new byte[length];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (byte)(i * 131 + (i >> 7));
        }

        var lookalike = "\r\n--not-the-boundary\r\n\r\n"u8;
        if (length >= 2 * lookalike.Length)
        {
            lookalike.CopyTo(audio.AsSpan(length / 2));
        }

        return audio;
    }

    public static HttpRequestMessage Json(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A form part: its name, an optional file name and its bytes.</summary>
    public static (string Name, string? FileName, byte[] Value) Field(string name, string value) => (name, null, Encoding.UTF8.GetBytes(value));

    public static (string Name, string? FileName, byte[] Value) File(byte[] audio, string fileName = "speech.mp3") => ("file", fileName, audio);

    /// <summary>A multipart/form-data body exactly as RFC 7578 writes it, with quoted names.</summary>
    public static byte[] Form(string boundary, params (string Name, string? FileName, byte[] Value)[] parts)
    {
        using var body = new MemoryStream();
        foreach (var (name, fileName, value) in parts)
        {
            var disposition = fileName is null ? $"form-data; name=\"{name}\"" : $"form-data; name=\"{name}\"; filename=\"{fileName}\"";
            var type = fileName is null ? "" : "Content-Type: audio/mpeg\r\n";
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: {disposition}\r\n{type}\r\n"));
            body.Write(value);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"));
        return body.ToArray();
    }

    public static HttpRequestMessage FormRequest(string path, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    public static HttpRequestMessage FormRequest(string path, string boundary, params (string Name, string? FileName, byte[] Value)[] parts) =>
        FormRequest(path, Form(boundary, parts), "multipart/form-data; boundary=" + boundary);

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
