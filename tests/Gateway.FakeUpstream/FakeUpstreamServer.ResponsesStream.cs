using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// The Responses API's stream, every event named (<c>event:</c>) and numbered (<c>sequence_number</c> from 0):
/// response.created, response.in_progress; for text: output_item.added, content_part.added, output_text.delta per
/// piece, output_text.done, content_part.done, output_item.done; per function call: output_item.added,
/// function_call_arguments.delta per piece, function_call_arguments.done, output_item.done; response.completed.
/// Faults strike after response.in_progress (before any output item) or count deltas of either kind.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private async Task ResponseStreamAsync(HttpContext context, FakeResponse response, ResponsePlan plan)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var sequence = 0;
        Task Send(string type, string fields) =>
            SendEventAsync(context, type, $$"""{"type":"{{type}}",{{fields}},"sequence_number":{{sequence++}}""" + "}");

        await Send("response.created", $$"""
            "response":{{ResponseJson(plan, completed: false)}}
            """).ConfigureAwait(false);
        await Send("response.in_progress", $$"""
            "response":{{ResponseJson(plan, completed: false)}}
            """).ConfigureAwait(false);
        if (await FaultBeforeFirstTokenAsync(context, response,
            () => Send("error", """
                "code":"overloaded","message":"fake overloaded mid-stream","param":null
                """)).ConfigureAwait(false))
        {
            return;
        }

        var step = 0;
        var outputIndex = 0;
        if (plan.Answer.Text.Count > 0)
        {
            var item = $$"""
                "item_id":"{{plan.MessageId}}","output_index":{{outputIndex}},"content_index":0
                """;
            var text = string.Concat(plan.Answer.Text);
            await Send("response.output_item.added", $$"""
                "output_index":{{outputIndex}},"item":{{MessageItem(plan, completed: false)}}
                """).ConfigureAwait(false);
            await Send("response.content_part.added", $$"""{{item}},"part":{{OutputText("")}}""").ConfigureAwait(false);
            foreach (var piece in plan.Answer.Text)
            {
                if (await BeforeStepAsync(context, response, step).ConfigureAwait(false))
                {
                    return;
                }

                await Send("response.output_text.delta", $$"""{{item}},"delta":{{Json(piece)}},"logprobs":[]""").ConfigureAwait(false);
                await AfterStepAsync(context, response, step++).ConfigureAwait(false);
            }

            await Send("response.output_text.done", $$"""{{item}},"text":{{Json(text)}},"logprobs":[]""").ConfigureAwait(false);
            await Send("response.content_part.done", $$"""{{item}},"part":{{OutputText(text)}}""").ConfigureAwait(false);
            await Send("response.output_item.done", $$"""
                "output_index":{{outputIndex++}},"item":{{MessageItem(plan, completed: true)}}
                """).ConfigureAwait(false);
        }

        for (var i = 0; i < plan.Answer.Calls.Count; i++, outputIndex++)
        {
            var call = plan.Answer.Calls[i];
            var item = $$"""
                "item_id":"{{plan.CallItemId(i)}}","output_index":{{outputIndex}}
                """;
            await Send("response.output_item.added", $$"""
                "output_index":{{outputIndex}},"item":{{CallItem(plan, i, completed: false)}}
                """).ConfigureAwait(false);
            foreach (var piece in ArgumentPieces(call))
            {
                if (await BeforeStepAsync(context, response, step).ConfigureAwait(false))
                {
                    return;
                }

                await Send("response.function_call_arguments.delta", $$"""{{item}},"delta":{{Json(piece)}}""").ConfigureAwait(false);
                await AfterStepAsync(context, response, step++).ConfigureAwait(false);
            }

            await Send("response.function_call_arguments.done", $$"""{{item}},"name":{{Json(call.Name)}},"arguments":{{Json(call.Arguments)}}""").ConfigureAwait(false);
            await Send("response.output_item.done", $$"""
                "output_index":{{outputIndex}},"item":{{CallItem(plan, i, completed: true)}}
                """).ConfigureAwait(false);
        }

        var completed = ResponseJson(plan, completed: true);
        Store(plan, completed);
        await Send("response.completed", $$"""
            "response":{{completed}}
            """).ConfigureAwait(false);
    }
}
