using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static Gateway.FakeUpstream.FakeTools;

namespace Gateway.FakeUpstream;

/// <summary>Anthropic's <c>POST /v1/messages/count_tokens</c>: <c>{"input_tokens":N}</c> with N from <see cref="CountTokens"/>.</summary>
public sealed partial class FakeUpstreamServer
{
    private async Task CountTokensAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
            EchoAnthropicHeaders(context);
            if (response.Fault == FakeFault.DropConnection)
            {
                context.Abort();
                return;
            }

            if (response.Status is < 200 or >= 300)
            {
                await AnthropicErrorAsync(context, response).ConfigureAwait(false);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"input_tokens":{{CountTokens(body?.RootElement ?? default)}}""" + "}", context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The fake's token count for a Messages request: 3 per message plus one per whitespace-separated word of the
    /// system prompt and of every text (string contents, text blocks, tool_result contents), plus 10 per tool offered.
    /// </summary>
    public static int CountTokens(JsonElement request)
    {
        static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        static int Content(JsonElement content) => content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray().Sum(b => Words(Text(b.ValueKind == JsonValueKind.Object && b.TryGetProperty("content", out var inner) ? inner : default)) + Words(String(b, "text")))
            : Words(Text(content));

        var system = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("system", out var s) ? Content(s) : 0;
        var messages = Items(request, "messages").Sum(m => 3 + (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("content", out var c) ? Content(c) : 0));
        return system + messages + (10 * Items(request, "tools").Count());
    }
}
