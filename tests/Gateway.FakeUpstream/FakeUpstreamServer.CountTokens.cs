using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gateway.FakeUpstream;

/// <summary>
/// Anthropic's <c>POST /v1/messages/count_tokens</c>: <c>{"input_tokens": N}</c> with N a deterministic estimate
/// (a quarter of the UTF-8 bytes of <c>system</c>, <c>messages</c> and <c>tools</c>, at least 1), so a gateway that
/// passes counting through to an Anthropic provider has something to reach. Scripted failures answer in Anthropic's
/// error shape, as <c>/v1/messages</c> does.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private async Task CountTokensAsync(HttpContext context)
    {
        var (response, body) = await BeginAsync(context).ConfigureAwait(false);
        using (body)
        {
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

            var bytes = 0;
            if (body?.RootElement is { ValueKind: JsonValueKind.Object } root)
            {
                foreach (var name in (string[])["system", "messages", "tools"])
                {
                    bytes += root.TryGetProperty(name, out var part) ? Encoding.UTF8.GetByteCount(part.GetRawText()) : 0;
                }
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"input_tokens":{{Math.Max(1, bytes / 4)}}}""", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
