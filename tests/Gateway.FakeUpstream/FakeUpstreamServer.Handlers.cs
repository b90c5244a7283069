using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.FakeUpstream;

public sealed partial class FakeUpstreamServer
{
    private string Token(int index) => index == 0 ? $"Hello from {Name}." : $" token{index}";

    private static async Task SendAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync("data: " + data + "\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var root = body?.RootElement;
            var model = root?.TryGetProperty("model", out var m) == true ? m.GetString() ?? "" : "";
            var base64 = root?.TryGetProperty("encoding_format", out var f) == true && f.GetString() == "base64";
            float[] vector = [0.25f, -0.5f, 0.75f];
            var embedding = base64
                ? Json(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                : "[" + string.Join(",", vector.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":{{embedding}}}],"model":{{Json(model)}},"usage":{"prompt_tokens":4,"total_tokens":4""" + "}}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task ModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Record)
        {
            _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), "", null, false));
        }

        if (ModelsStatus is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        context.Response.ContentType = "application/json";
        var data = string.Join(",", Models.Select(id => $$"""{"id":{{Json(id)}},"object":"model","created":1700000000,"owned_by":"fake" """.TrimEnd() + "}"));
        await context.Response.WriteAsync($$"""{"object":"list","data":[{{data}}]""" + "}", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A JSON string literal, escaped as providers escape (<c>\"</c>, UTF-8 kept), not as HTML-safe .NET defaults (<c>\u0022</c>).</summary>
    private static string Json(string value) => "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
