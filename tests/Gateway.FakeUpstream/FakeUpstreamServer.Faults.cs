using Microsoft.AspNetCore.Http;

namespace Gateway.FakeUpstream;

/// <summary>The scripted misbehaviours of a stream, in one place for every protocol the fake speaks.</summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>
    /// Where a stream's first token would come: an error event (<paramref name="sendError"/>), silence, or a cut
    /// connection, when scripted. True when the stream is over.
    /// </summary>
    private static async Task<bool> FaultBeforeFirstTokenAsync(HttpContext context, FakeResponse response, Func<Task> sendError)
    {
        switch (response.Fault)
        {
            case FakeFault.ErrorEventBeforeFirstToken:
                await sendError().ConfigureAwait(false);
                return true;
            case FakeFault.StallBeforeFirstToken:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
                return true;
            case FakeFault.CloseBeforeFirstToken:
                context.Abort();
                return true;
            default:
                return await WaitForFirstTokenAsync(context, response).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Before content step <paramref name="step"/> (0-based): the pause between chunks, then, at step
    /// <see cref="FakeResponse.BreakAfterChunks"/>, the scripted cut or stall. True when the stream is over.
    /// </summary>
    private static async Task<bool> BeforeStepAsync(HttpContext context, FakeResponse response, int step)
    {
        var ct = context.RequestAborted;
        if (step > 0 && response.ChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(response.ChunkDelay, ct).ConfigureAwait(false);
        }

        await MalformedChunkAsync(context, response, step).ConfigureAwait(false); // FakeUpstreamServer.Continuation.cs

        if (response.Fault is not (FakeFault.BreakAfterChunks or FakeFault.StallAfterChunks) || step != response.BreakAfterChunks)
        {
            return false;
        }

        if (response.Fault == FakeFault.StallAfterChunks)
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }

        // Let the chunks already sent reach the peer before the reset, which could discard them.
        await Task.Delay(100, ct).ConfigureAwait(false);
        context.Abort();
        return true;
    }

    /// <summary>After the first step, waits for <see cref="FakeResponse.HoldAfterFirstChunk"/> when set.</summary>
    private static Task AfterStepAsync(HttpContext context, FakeResponse response, int step) =>
        step == 0 && response.HoldAfterFirstChunk is { } hold ? hold.Task.WaitAsync(context.RequestAborted) : Task.CompletedTask;

    /// <summary>Writes one named SSE event (<c>event:</c> and <c>data:</c> lines) and flushes it.</summary>
    private static async Task SendEventAsync(HttpContext context, string name, string json)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {json}\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
