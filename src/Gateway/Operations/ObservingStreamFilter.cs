using Gateway.Buffers;
using Gateway.Sse;
using Gateway.Usage;

namespace Gateway.Operations;

/// <summary>
/// The pass-through filter of an event stream in an operation's own format (Responses, Anthropic Messages): every
/// byte goes to the client as it arrives, and each complete event is shown once to the operation's
/// <see cref="IStreamObserver"/>, which learns the usage and the complete end. Only an event split across reads is
/// copied (rented while incomplete); one longer than the cap is not observed, since the events that report usage and
/// the end are far smaller, and streams on unheld. Each chunk is observed once it is written, so what the observer
/// counts passed to the client. With an <paramref name="inner"/> filter (chat's usage filter, when a chat stream's
/// passed tokens are counted) the chunk goes through it, and it keeps the usage and the end.
/// </summary>
internal sealed class ObservingStreamFilter(IStreamObserver observer, IStreamFilter? inner = null, int maxEventBytes = ObservingStreamFilter.DefaultMaxEventBytes) : IStreamFilter
{
    /// <summary>A Responses <c>response.completed</c> event repeats the whole output, so the cap is above the framer's default.</summary>
    public const int DefaultMaxEventBytes = 8 * 1024 * 1024;

    private readonly SseEventFramer _framer = new(maxEventBytes);
    private PooledBuffer? _carry;
    private bool _skipping;

    public TokenUsage? Usage => inner is null ? observer.Usage : inner.Usage ?? observer.Usage;

    public bool? Complete => inner is null ? observer.Complete : inner.Complete;

    public int PassedTokens => observer.PassedTokens;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, Stream output, CancellationToken cancellationToken)
    {
        if (inner is null)
        {
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await inner.WriteAsync(chunk, output, cancellationToken).ConfigureAwait(false);
        }

        Observe(chunk.Span);
    }

    public ValueTask FlushAsync(Stream output, CancellationToken cancellationToken) => inner?.FlushAsync(output, cancellationToken) ?? ValueTask.CompletedTask;

    private void Observe(ReadOnlySpan<byte> chunk)
    {
        var at = 0;
        while (at < chunk.Length)
        {
            var end = _framer.Advance(chunk[at..]);
            if (end < 0)
            {
                Hold(chunk[at..]);
                return;
            }

            if (_skipping)
            {
                _skipping = false;
            }
            else if (_carry is { Length: > 0 } carry)
            {
                carry.Append(chunk.Slice(at, end));
                observer.Observe(carry.Span);
                Release();
            }
            else
            {
                observer.Observe(chunk.Slice(at, end));
            }

            at += end;
        }
    }

    private void Hold(ReadOnlySpan<byte> part)
    {
        if (_skipping)
        {
            return;
        }

        if (_framer.IsOverLimit)
        {
            _skipping = true;
            Release();
            return;
        }

        (_carry ??= new PooledBuffer(Math.Max(256, part.Length))).Append(part);
    }

    private void Release()
    {
        _carry?.Dispose();
        _carry = null;
    }

    public void Dispose()
    {
        Release();
        inner?.Dispose();
    }
}
