using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// The rest of OpenAI's surface: legacy completions (JSON and streamed, with the same faults as chat), moderations and
/// image generation; audio is in <c>FakeUpstreamServer.Audio.cs</c>. Each is also served under Azure's deployment paths.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>A 1x1 transparent PNG, the image every generation answers with (as <c>b64_json</c> when asked).</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private static readonly string[] ModerationCategories =
    [
        "hate", "hate/threatening", "harassment", "harassment/threatening", "illicit", "illicit/violent", "self-harm", "self-harm/intent",
        "self-harm/instructions", "sexual", "sexual/minors", "violence", "violence/graphic",
    ];

    private static void MapSurface(WebApplication app, FakeUpstreamServer server)
    {
        foreach (var root in new[] { "/v1", "/openai/deployments/{deployment}" })
        {
            app.MapPost(root + "/completions", server.CompletionsAsync);
            app.MapPost(root + "/moderations", server.ModerationsAsync);
            app.MapPost(root + "/images/generations", server.ImagesAsync);
            app.MapPost(root + "/audio/speech", server.SpeechAsync);
            app.MapPost(root + "/audio/transcriptions", server.TranscriptionsAsync);
            app.MapPost(root + "/audio/translations", server.TranslationsAsync);
        }
    }

    private static (string Model, bool Stream, bool Usage) ReadRequest(JsonDocument? body)
    {
        var root = body?.RootElement;
        var model = root?.TryGetProperty("model", out var m) == true ? m.GetString() ?? "" : "";
        var stream = root?.TryGetProperty("stream", out var s) == true && s.ValueKind == JsonValueKind.True;
        var usage = root?.TryGetProperty("stream_options", out var so) == true && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        return (model, stream, usage);
    }

    private static string? StringField(JsonDocument? body, string name) =>
        body?.RootElement.TryGetProperty(name, out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task CompletionsAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var (model, stream, usage) = ReadRequest(body);
            if (stream)
            {
                await StreamCompletionAsync(context, response, model, usage).ConfigureAwait(false);
                return;
            }

            var text = string.Concat(Enumerable.Range(0, response.Chunks).Select(Token));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$"""{"id":"cmpl-fake","object":"text_completion","created":1700000000,"model":{{Json(model)}},"choices":[{"text":{{Json(text)}},"index":0,"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":{{response.Chunks}},"total_tokens":{{4 + response.Chunks}}""" + "}}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task StreamCompletionAsync(HttpContext context, FakeResponse response, string model, bool usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var ct = context.RequestAborted;
        await SendAsync(context, TextChunk(model, "", null)).ConfigureAwait(false);
        switch (response.Fault)
        {
            case FakeFault.ErrorEventBeforeFirstToken:
                await SendAsync(context, """{"error":{"message":"fake overloaded mid-stream","type":"server_error","code":"overloaded"}}""").ConfigureAwait(false);
                return;
            case FakeFault.CloseBeforeFirstToken:
                context.Abort();
                return;
        }

        for (var i = 0; i < response.Chunks; i++)
        {
            if (i > 0 && response.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(response.ChunkDelay, ct).ConfigureAwait(false);
            }

            await SendAsync(context, TextChunk(model, Token(i), null)).ConfigureAwait(false);
            if (i == 0 && response.HoldAfterFirstChunk is { } hold)
            {
                await hold.Task.WaitAsync(ct).ConfigureAwait(false);
            }
        }

        await SendAsync(context, TextChunk(model, "", "stop")).ConfigureAwait(false);
        if (usage)
        {
            await SendAsync(context, $$"""{"id":"cmpl-fake","object":"text_completion","created":1700000000,"model":{{Json(model)}},"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":{{response.Chunks}},"total_tokens":{{4 + response.Chunks}}""" + "}}").ConfigureAwait(false);
        }

        await SendAsync(context, "[DONE]").ConfigureAwait(false);
    }

    private static string TextChunk(string model, string text, string? finish) =>
        $$"""{"id":"cmpl-fake","object":"text_completion","created":1700000000,"model":{{Json(model)}},"choices":[{"text":{{Json(text)}},"index":0,"logprobs":null,"finish_reason":{{(finish is null ? "null" : Json(finish))}}}]""" + "}";

    private async Task ModerationsAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            // Flags any input that mentions "attack", so a test can tell the input reached the provider.
            var flagged = body?.RootElement.TryGetProperty("input", out var input) == true && input.GetRawText().Contains("attack", StringComparison.OrdinalIgnoreCase);
            var categories = string.Join(",", ModerationCategories.Select(c => $"{Json(c)}:{(flagged && c == "violence" ? "true" : "false")}"));
            var scores = string.Join(",", ModerationCategories.Select(c => $"{Json(c)}:{(flagged && c == "violence" ? "0.9" : "0.01")}"));
            var applied = string.Join(",", ModerationCategories.Select(c => $"{Json(c)}:[\"text\"]"));
            context.Response.ContentType = "application/json";
            var result = $"{{\"flagged\":{(flagged ? "true" : "false")},\"categories\":{{{categories}}},\"category_scores\":{{{scores}}},\"category_applied_input_types\":{{{applied}}}}}";
            await context.Response.WriteAsync(
                $$"""{"id":"modr-{{Name}}","model":{{Json(ReadRequest(body).Model)}},"results":[{{result}}]""" + "}",
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task ImagesAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            if (await FailAsync(context, response).ConfigureAwait(false))
            {
                return;
            }

            var prompt = StringField(body, "prompt") ?? "";
            var image = StringField(body, "response_format") == "b64_json"
                ? $$"""{"b64_json":{{Json(Convert.ToBase64String(Png))}},"revised_prompt":{{Json(prompt)}}}"""
                : $$"""{"url":{{Json($"https://images.fake.test/{Name}/0.png")}},"revised_prompt":{{Json(prompt)}}}""";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"created":1700000000,"data":[{{image}}]}""", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
