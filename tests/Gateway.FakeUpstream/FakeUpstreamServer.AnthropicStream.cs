using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// Anthropic's stream: message_start; a thinking block (thinking_delta pieces, then one signature_delta); a text
/// block (a ping after the first block's start); a tool_use block per call with its input in input_json_delta pieces
/// of one key or value each; message_delta with the stop reason; message_stop. Faults count text deltas.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private static async Task AnthropicStreamAsync(HttpContext context, FakeResponse response, string model, FakeAnswer answer)
    {
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await SendEventAsync(context, "message_start", $$$"""{"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","model":{{{Json(model)}}},"content":[],"stop_reason":null,"usage":{"input_tokens":7,"output_tokens":1}}""" + "}").ConfigureAwait(false);
        if (await FaultBeforeFirstTokenAsync(context, response,
            () => SendEventAsync(context, "error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")).ConfigureAwait(false))
        {
            return;
        }

        var index = 0;
        async Task Start(string block)
        {
            await SendEventAsync(context, "content_block_start", $$"""{"type":"content_block_start","index":{{index}},"content_block":{{block}}""" + "}").ConfigureAwait(false);
            if (index == 0)
            {
                await SendEventAsync(context, "ping", """{"type": "ping"}""").ConfigureAwait(false);
            }
        }

        Task Delta(string delta) => SendEventAsync(context, "content_block_delta", $$"""{"type":"content_block_delta","index":{{index}},"delta":{{delta}}""" + "}");
        Task Stop() => SendEventAsync(context, "content_block_stop", $$"""{"type":"content_block_stop","index":{{index++}}""" + "}");

        if (answer.Reasoning.Count > 0)
        {
            await Start("""{"type":"thinking","thinking":""}""").ConfigureAwait(false);
            foreach (var piece in answer.Reasoning)
            {
                await Delta($$"""{"type":"thinking_delta","thinking":{{Json(piece)}}""" + "}").ConfigureAwait(false);
            }

            await Delta($$"""{"type":"signature_delta","signature":"{{ThinkingSignature}}"}""").ConfigureAwait(false);
            await Stop().ConfigureAwait(false);
        }

        if (answer.Text.Count > 0 || answer.Calls.Count == 0)
        {
            await Start("""{"type":"text","text":""}""").ConfigureAwait(false);
            for (var step = 0; step < answer.Text.Count; step++)
            {
                if (await BeforeStepAsync(context, response, step).ConfigureAwait(false))
                {
                    return;
                }

                await Delta($$"""{"type":"text_delta","text":{{Json(answer.Text[step])}}""" + "}").ConfigureAwait(false);
                await AfterStepAsync(context, response, step).ConfigureAwait(false);
            }

            await Stop().ConfigureAwait(false);
        }

        foreach (var call in answer.Calls)
        {
            await Start($$"""{"type":"tool_use","id":"{{call.Id}}","name":{{Json(call.Name)}},"input":{}""" + "}").ConfigureAwait(false);
            foreach (var piece in JsonPieces.AfterKeys(JsonPieces.Spaced(call.Arguments)))
            {
                await Delta($$"""{"type":"input_json_delta","partial_json":{{Json(piece)}}""" + "}").ConfigureAwait(false);
            }

            await Stop().ConfigureAwait(false);
        }

        await SendEventAsync(context, "message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{StopReason(answer)}}}","stop_sequence":null},"usage":{"output_tokens":{{{answer.Text.Count}}}}}""").ConfigureAwait(false);
        await SendEventAsync(context, "message_stop", """{"type":"message_stop"}""").ConfigureAwait(false);
    }
}
