using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.FakeUpstream;

/// <summary>
/// A scriptable fake provider on a loopback port that speaks the OpenAI API (chat, streaming chat, the Responses
/// API, embeddings, models; also Azure's deployment and v1 paths) and Anthropic's Messages API, records what it
/// receives, and fails on demand.
/// </summary>
public sealed partial class FakeUpstreamServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _requests;
    private int _aborted;

    private FakeUpstreamServer(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    /// <summary>A label that appears in the responses' content ("Hello from NAME").</summary>
    public string Name { get; }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Root { get; private set; } = "";

    /// <summary>The OpenAI-style base URL: http://127.0.0.1:PORT/v1</summary>
    public string BaseUrl => Root + "/v1";

    /// <summary>Answer for requests with nothing scripted.</summary>
    public FakeResponse Default { get; set; } = FakeResponse.Ok;

    /// <summary>Models listed by GET /v1/models.</summary>
    public IReadOnlyList<string> Models { get; set; } = ["fake-model"];

    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Requests whose client (the gateway) went away before the fake finished answering.</summary>
    public int AbortedCount => Volatile.Read(ref _aborted);

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Whether to record request bodies and headers (off for load tests).</summary>
    public bool Record { get; set; } = true;

    /// <summary>Answers for the next requests, in order; then <see cref="Default"/> again.</summary>
    public void Script(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public void Reset()
    {
        _script.Clear();
        _received.Clear();
        _responses.Clear();
        Interlocked.Exchange(ref _responseCount, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _aborted, 0);
        Default = FakeResponse.Ok;
    }

    public static async Task<FakeUpstreamServer> StartAsync(string name = "fake", int port = 0, string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;

            // Lets a script send non-ASCII header values, as some providers and proxies do.
            k.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
        });
        var app = builder.Build();
        var server = new FakeUpstreamServer(app, name);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        app.MapPost("/v1/messages", server.MessagesAsync);
        app.MapPost("/v1/messages/count_tokens", server.CountTokensAsync);
        server.MapResponses(app);
        app.MapGet("/v1/models", server.ModelsAsync);
        app.MapPost("/api/v1/auth/keys", server.OpenRouterKeysAsync);
        app.MapGet("/auth", server.OpenRouterAuthorizePageAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.ChatAsync);
        app.MapPost("/openai/deployments/{deployment}/embeddings", server.EmbeddingsAsync);
        MapSurface(app, server); // completions, moderations, images, audio (FakeUpstreamServer.Surface.cs)
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<(FakeResponse Response, JsonDocument? Body)> BeginAsync(HttpContext context)
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

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonDocument? body = null;
        try
        {
            body = text.Length > 0 ? JsonDocument.Parse(text) : null;
        }
        catch (JsonException)
        {
            // Recorded as received; the gateway should never send this.
        }

        if (Record)
        {
            _received.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                text,
                body is not null && body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
                body is not null && body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True));
        }

        if (response.HeadersDelay > TimeSpan.Zero)
        {
            await Task.Delay(response.HeadersDelay, context.RequestAborted).ConfigureAwait(false);
        }

        return (response, body);
    }

    private static async Task<bool> FailAsync(HttpContext context, FakeResponse response)
    {
        if (response.Fault == FakeFault.DropConnection)
        {
            context.Abort();
            return true;
        }

        if (response.Status is >= 200 and < 300)
        {
            return false;
        }

        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $$"""{"error":{"message":"fake upstream error {{response.Status}}","type":"fake","param":null,"code":"{{response.ErrorCode}}" """.TrimEnd() + "}}",
            context.RequestAborted).ConfigureAwait(false);
        return true;
    }
}
