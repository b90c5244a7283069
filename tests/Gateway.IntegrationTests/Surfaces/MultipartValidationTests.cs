using System.Net;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Surfaces;

/// <summary>
/// Multipart bodies the gateway must refuse at the door, each with an OpenAI-style 4xx (never a 500) and nothing sent
/// upstream: no boundary, not a form, a model missing, twice or invalid, no file, a broken structure, over the body cap.
/// </summary>
public sealed class MultipartValidationTests : IAsyncLifetime
{
    private const string Boundary = "b0undary";
    private const int Cap = 64 * 1024;

    private Upstreams _upstreams = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstreams = await Upstreams.StartAsync("a");
        _gateway = await GatewayHost.StartAsync(_upstreams.Environment(), new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstreams.DisposeAsync();
    }

    private static readonly string File = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\nID3audio\r\n";
    private static readonly string Model = "--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart\r\n";
    private const string End = "--b0undary--\r\n";

    public static TheoryData<string, string, string> Refused => new()
    {
        { "multipart/form-data", Model + File + End, "no boundary" },
        { "multipart/form-data; boundary=", Model + File + End, "no boundary" },
        { "multipart/form-data; boundary=\"bad<>\"", Model + File + End, "boundary must be" },
        { "multipart/form-data; boundary=" + new string('x', 71), Model + File + End, "boundary must be" },
        { "multipart/form-data; boundary=b0undary", File + End, "You must provide a model parameter." },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n\r\n" + File + End, "You must provide a model parameter." },
        { "multipart/form-data; boundary=b0undary", Model + File + Model + End, "'model' appears more than once." },
        { "multipart/form-data; boundary=b0undary", Model + End, "Missing required parameter: 'file'." },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nsmart fast\r\n" + File + End, "'model' must be" },
        { "multipart/form-data; boundary=b0undary", Model + File, "closing boundary" },
        { "multipart/form-data; boundary=b0undary", Model + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nID3", "closing boundary" },
        { "multipart/form-data; boundary=b0undary", "no boundary here at all", "does not start with its boundary" },
        { "multipart/form-data; boundary=other", Model + File + End, "does not start with its boundary" },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Type: text/plain\r\n\r\nsmart\r\n" + File + End, "no Content-Disposition" },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Disposition: attachment; name=\"model\"\r\n\r\nsmart\r\n" + File + End, "not form-data" },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"model\r\n\r\nsmart\r\n" + File + End, "unterminated" },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nno colon here\r\n\r\nsmart\r\n" + File + End, "no name and colon" },
        { "multipart/form-data; boundary=b0undary", "--b0undary junk\r\n" + File + End, "followed by other text" },
        { "multipart/form-data; boundary=b0undary", "--b0undary\r\nContent-Disposition: form-data; name=\"model\"" + new string(' ', 9000) + "\r\n\r\nsmart\r\n" + File + End, "headers do not end" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task MalformedForm_Is400_NamingTheProblem(string contentType, string body, string message)
    {
        var (response, text) = await _gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest("/v1/audio/transcriptions", Encoding.UTF8.GetBytes(body), contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, Http.AssertOpenAIError(text).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("multipart/mixed; boundary=b0undary")]
    [InlineData(null)]
    public async Task NotAForm_Is415(string? contentType)
    {
        var (response, text) = await _gateway.Client.ExchangeAsync(SurfaceRequests.FormRequest("/v1/audio/translations", Encoding.UTF8.GetBytes(Model + File + End), contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FileOverTheBodyCap_Is413(bool declaredLength)
    {
        var body = SurfaceRequests.Form(Boundary, SurfaceRequests.Field("model", "smart"), SurfaceRequests.File(SurfaceRequests.Audio(Cap + 1)));
        var request = declaredLength
            ? SurfaceRequests.FormRequest("/v1/audio/transcriptions", body, "multipart/form-data; boundary=" + Boundary)
            : new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = new ChunkedContent(body, "multipart/form-data; boundary=" + Boundary) };

        var (response, text) = await _gateway.Client.ExchangeAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", Http.AssertOpenAIError(text).GetProperty("code").GetString());
        Assert.Equal(0, _upstreams["a"].RequestCount);
    }

    [Fact]
    public async Task FormJustUnderTheCap_IsForwarded()
    {
        var form = SurfaceRequests.Form(Boundary, SurfaceRequests.Field("model", "smart"), SurfaceRequests.File([]));
        var body = SurfaceRequests.Form(Boundary, SurfaceRequests.Field("model", "smart"), SurfaceRequests.File(SurfaceRequests.Audio(Cap - form.Length)));

        var response = await _gateway.Client.SendAsync(SurfaceRequests.FormRequest("/v1/audio/transcriptions", body, "multipart/form-data; boundary=" + Boundary));

        Assert.Equal((HttpStatusCode.OK, Cap), (response.StatusCode, body.Length));
    }

    /// <summary>A body sent with chunked transfer encoding (no Content-Length), so the cap is met while reading.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _body;

        public ChunkedContent(byte[] body, string contentType)
        {
            _body = body;
            Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var at = 0; at < _body.Length; at += 8192)
            {
                await stream.WriteAsync(_body.AsMemory(at, Math.Min(8192, _body.Length - at)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
