using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// Audio: speech answers binary audio in <see cref="FakeResponse.Chunks"/> chunks of <see cref="SpeechChunkBytes"/>
/// (flushed one by one, with <see cref="FakeResponse.ChunkDelay"/> and <see cref="FakeResponse.HoldAfterFirstChunk"/>);
/// transcriptions and translations read the multipart form with ASP.NET Core's own parser and answer with text that
/// names the model, the file's size and its SHA-256, so a test sees exactly what arrived.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    public const int SpeechChunkBytes = 4096;

    /// <summary>The audio bytes speech answers with, for <paramref name="chunks"/> chunks: "ID3" then a fixed pattern.</summary>
    public static byte[] SpeechAudio(int chunks)
    {
        var audio = new byte[chunks * SpeechChunkBytes];
        for (var i = 0; i < audio.Length; i++)
        {
            audio[i] = (byte)((i * 31) ^ (i >> 8));
        }

        "ID3"u8.CopyTo(audio);
        return audio;
    }

    /// <summary>What a transcription or translation of <paramref name="file"/> by <paramref name="model"/> reads.</summary>
    public static string Transcript(string name, string model, ReadOnlySpan<byte> file) =>
        $"Heard by {name}: model={model} bytes={file.Length} sha256={Convert.ToHexStringLower(SHA256.HashData(file))}";

    private async Task SpeechAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            context.Response.ContentType = StringField(body, "response_format") switch
            {
                "opus" => "audio/ogg",
                "wav" => "audio/wav",
                "flac" => "audio/flac",
                "pcm" => "audio/pcm",
                "aac" => "audio/aac",
                _ => "audio/mpeg",
            };
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var ct = context.RequestAborted;
            if (response.Fault == FakeFault.CloseBeforeFirstToken)
            {
                // The status and headers go out, then the connection is cut before any audio.
                await context.Response.StartAsync(ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await Task.Delay(100, ct).ConfigureAwait(false);
                context.Abort();
                return;
            }

            var audio = SpeechAudio(response.Chunks);
            for (var i = 0; i < response.Chunks; i++)
            {
                if (i > 0 && response.ChunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(response.ChunkDelay, ct).ConfigureAwait(false);
                }

                if (response.Fault == FakeFault.BreakAfterChunks && i == response.BreakAfterChunks)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false);
                    context.Abort();
                    return;
                }

                await context.Response.Body.WriteAsync(audio.AsMemory(i * SpeechChunkBytes, SpeechChunkBytes), ct).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                if (i == 0 && response.HoldAfterFirstChunk is { } hold)
                {
                    await hold.Task.WaitAsync(ct).ConfigureAwait(false);
                }
            }
        }
    }

    private Task TranscriptionsAsync(HttpContext context) => FormAsync(context, "transcribe");

    private Task TranslationsAsync(HttpContext context) => FormAsync(context, "translate");

    private async Task FormAsync(HttpContext context, string task)
    {
        var response = Next(context);
        context.Request.EnableBuffering();
        using var raw = new MemoryStream();
        await context.Request.Body.CopyToAsync(raw, context.RequestAborted).ConfigureAwait(false);
        context.Request.Body.Position = 0;
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var model = form["model"].ToString();
        if (Record)
        {
            // The body as Latin-1: one char per byte, so a test can compare it with what the client sent, byte for byte.
            _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Encoding.Latin1.GetString(raw.GetBuffer(), 0, (int)raw.Length), model, false));
        }

        if (await FailAsync(context, response).ConfigureAwait(false))
        {
            return;
        }

        using var file = new MemoryStream();
        if (form.Files.GetFile("file") is { } upload)
        {
            await upload.CopyToAsync(file, context.RequestAborted).ConfigureAwait(false);
        }

        var text = Transcript(Name, model, file.GetBuffer().AsSpan(0, (int)file.Length));
        var format = form["response_format"].ToString();
        if (format is "text" or "srt" or "vtt")
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            format == "verbose_json"
                ? $$"""{"task":{{Json(task)}},"language":"english","duration":1.5,"text":{{Json(text)}},"segments":[]""" + "}"
                : $$"""{"text":{{Json(text)}},"usage":{"type":"duration","seconds":2""" + "}}",
            context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Counts the request and takes its scripted answer (sending the answer's extra headers), as <see cref="BeginAsync"/> does for JSON.</summary>
    private FakeResponse Next(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        context.RequestAborted.Register(() => Interlocked.Increment(ref _aborted));
        if (!_script.TryDequeue(out var response))
        {
            response = Default;
        }

        foreach (var (header, value) in response.Headers)
        {
            context.Response.Headers.Append(header, value);
        }

        return response;
    }
}
