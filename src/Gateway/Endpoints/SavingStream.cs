using Gateway.Buffers;

namespace Gateway.Endpoints;

/// <summary>
/// A translated response that is saved the moment it is complete: after the read in which the mapper finished it and
/// before those bytes (its last event) go to the client, the save runs once and is awaited.
/// </summary>
internal sealed class SavingStream(Stream inner, Func<Gateway.Protocols.Responses.CompletedResponse?> completed, Func<Gateway.Protocols.Responses.CompletedResponse, ValueTask> save) : ReadOnlyStream
{
    private bool _saved;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!_saved && completed() is { } done)
        {
            _saved = true;
            await save(done).ConfigureAwait(false);
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
