using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>
/// A provider that spends what it is allowed to, for budget tests: with <see cref="WritesAskedTokens"/> set, a chat
/// answer writes exactly <c>max_tokens</c> (or <c>max_completion_tokens</c>; else <see cref="WritesAskedTokens"/>)
/// tokens for each of its <c>n</c> choices, and reports that usage: completion the tokens written, prompt the words of
/// every string the request holds (the model's name left out), which no tokenizer counts fewer of.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private const int TokensPerChunk = 500;

    /// <summary>When set: chat answers write what they are asked for (this many tokens per choice when the request names no max).</summary>
    public int? WritesAskedTokens { get; set; }

    /// <summary>Answers a chat request in the spending mode; false when the mode is off.</summary>
    private async Task<bool> WriteAskedTokensAsync(HttpContext context, JsonElement root)
    {
        if (WritesAskedTokens is not { } fallback || root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var each = Asked(root, "max_completion_tokens") ?? Asked(root, "max_tokens") ?? fallback;
        var n = (int)Math.Clamp(Asked(root, "n") ?? 1, 1, 128);
        var prompt = Words(root);
        var usage = $$"""{"prompt_tokens":{{prompt}},"completion_tokens":{{each * n}},"total_tokens":{{prompt + (each * n)}}""" + "}";
        var model = Json(String(root, "model") ?? "");
        if (root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True)
        {
            context.Response.ContentType = "text/event-stream";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            for (var choice = 0; choice < n; choice++)
            {
                for (var written = 0L; written < each; written += TokensPerChunk)
                {
                    var text = Json(Spent((int)Math.Min(TokensPerChunk, each - written)));
                    await SendAsync(context, ChatChunk(String(root, "model") ?? "", choice, $$"""{"content":{{text}}""" + "}", null)).ConfigureAwait(false);
                }

                await SendAsync(context, ChatChunk(String(root, "model") ?? "", choice, "{}", "length")).ConfigureAwait(false);
            }

            var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            if (includeUsage)
            {
                await SendAsync(context, $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":{{model}},"choices":[],"usage":{{usage}}""" + "}").ConfigureAwait(false);
            }

            await SendAsync(context, "[DONE]").ConfigureAwait(false);
            return true;
        }

        var content = Json(Spent((int)Math.Min(each, int.MaxValue / 8)));
        var choices = string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"index":{{i}},"message":{"role":"assistant","content":{{content}}""" + """},"finish_reason":"length"}"""));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $$"""{"id":"chatcmpl-fake","object":"chat.completion","created":1700000000,"model":{{model}},"choices":[{{choices}}],"usage":{{usage}}""" + "}",
            context.RequestAborted).ConfigureAwait(false);
        return true;
    }

    private static long? Asked(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var asked) && asked > 0 ? asked : null;

    /// <summary><paramref name="tokens"/> tokens of text (" spent" is one token).</summary>
    private static string Spent(int tokens) => new StringBuilder(tokens * 6).Insert(0, " spent", tokens).ToString();

    /// <summary>The whitespace-separated words of every string in <paramref name="element"/> but the model's name.</summary>
    private static long Words(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name != "model").Sum(p => Words(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(Words),
        JsonValueKind.String => (element.GetString() ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        _ => 0,
    };
}
