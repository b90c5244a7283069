using Microsoft.AspNetCore.Http;

namespace Gateway.FakeUpstream;

/// <summary>
/// A provider slow to its first token, for hedging: a stream sends its headers and role chunk and then waits at
/// <see cref="FakeResponse.FirstTokenGate"/> before any content; a plain answer waits there before its headers and
/// body. A gateway that gives up on it (a hedge won, a timeout) shows in <see cref="FakeGate.Cancelled"/>.
/// </summary>
public sealed partial class FakeUpstreamServer
{
    /// <summary>Waits at the scripted first-token gate, if any. True when the client left while waiting (nothing more to send).</summary>
    private static async Task<bool> WaitForFirstTokenAsync(HttpContext context, FakeResponse response)
    {
        if (response.FirstTokenGate is not { } gate)
        {
            return false;
        }

        try
        {
            await gate.PassAsync(context.RequestAborted).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
