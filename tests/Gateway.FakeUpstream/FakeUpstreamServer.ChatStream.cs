using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.FakeUpstream;

/// <summary>
/// Chat completion chunks: a role chunk per choice, then step by step one delta per choice (reasoning_content, then
/// content, then tool calls: the id and name first, then the arguments in pieces), a finish chunk per choice, the
/// usage chunk when asked for, and <c>[DONE]</c>. Faults and delays count steps (<see cref="BeforeStepAsync"/>).
/// </summary>
public sealed partial class FakeUpstreamServer
{
    private static async Task ChatStreamAsync(HttpContext context, FakeResponse response, string model, IReadOnlyList<FakeAnswer> answers, bool usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        for (var i = 0; i < answers.Count; i++)
        {
            var content = answers[i].Text.Count == 0 && answers[i].Calls.Count > 0 ? "null" : "\"\"";
            await SendAsync(context, ChatChunk(model, i, $$"""{"role":"assistant","content":{{content}}""" + "}", null)).ConfigureAwait(false);
        }

        if (await FaultBeforeFirstTokenAsync(context, response,
            () => SendAsync(context, """{"error":{"message":"fake overloaded mid-stream","type":"server_error","code":"overloaded"}}""")).ConfigureAwait(false))
        {
            return;
        }

        var deltas = answers.Select(ChatDeltas).ToList();
        for (var step = 0; step < deltas.Max(d => d.Count); step++)
        {
            if (await BeforeStepAsync(context, response, step).ConfigureAwait(false))
            {
                return;
            }

            for (var i = 0; i < deltas.Count; i++)
            {
                if (step < deltas[i].Count)
                {
                    await SendAsync(context, ChatChunk(model, i, deltas[i][step], null)).ConfigureAwait(false);
                }
            }

            await AfterStepAsync(context, response, step).ConfigureAwait(false);
        }

        for (var i = 0; i < answers.Count; i++)
        {
            await SendAsync(context, ChatChunk(model, i, "{}", answers[i].Calls.Count > 0 ? "tool_calls" : "stop")).ConfigureAwait(false);
        }

        var completion = answers.Sum(Deltas);
        if (usage && response.SpacedUsageChunk)
        {
            await SendAsync(context, $$"""{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "usage": {"prompt_tokens": 5, "completion_tokens": {{completion}}}, "choices": []}""").ConfigureAwait(false);
        }
        else if (usage)
        {
            await SendAsync(context, $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":{{Json(model)}},"choices":[],"usage":{{ChatUsage(answers)}}""" + "}").ConfigureAwait(false);
        }

        switch (response.End)
        {
            case FakeStreamEnd.Done:
                await SendAsync(context, "[DONE]").ConfigureAwait(false);
                break;
            case FakeStreamEnd.StallWithoutDone:
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The deltas of one choice, in order.</summary>
    private static List<string> ChatDeltas(FakeAnswer answer)
    {
        List<string> deltas = [.. answer.Reasoning.Select(r => $$"""{"reasoning_content":{{Json(r)}}""" + "}")];
        deltas.AddRange(answer.Text.Select(t => $$"""{"content":{{Json(t)}}""" + "}"));
        for (var i = 0; i < answer.Calls.Count; i++)
        {
            var call = answer.Calls[i];
            deltas.Add($$$"""{"tool_calls":[{"index":{{{i}}},"id":"{{{call.Id}}}","type":"function","function":{"name":{{{Json(call.Name)}}},"arguments":""}}]}""");
            deltas.AddRange(ArgumentPieces(call).Select(p => $$$"""{"tool_calls":[{"index":{{{i}}},"function":{"arguments":{{{Json(p)}}}}}]}"""));
        }

        return deltas;
    }

    private static string ChatChunk(string model, int index, string delta, string? finish) =>
        $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":{{Json(model)}},"choices":[{"index":{{index}},"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : Json(finish))}}}]""" + "}";
}
