namespace Gateway.Operations;

/// <summary>
/// <see cref="InputTokenEstimate"/> of a request body the bridge owns, counted on the thread pool while the provider
/// works on the request, so tokenizing a long prompt (tens of milliseconds for an agent's 60 kB) never delays the
/// answer: read when the answer's stream starts, and if the count has not finished by then, the body's bytes / 4.
/// </summary>
internal sealed class BackgroundTokenEstimate(byte[] body)
{
    private readonly Task<long> _count = Task.Run(() => InputTokenEstimate.Count(body));

    /// <summary>The count when done, else a quick stand-in.</summary>
    public long Value => _count.IsCompletedSuccessfully ? _count.Result : body.Length / 4;
}
