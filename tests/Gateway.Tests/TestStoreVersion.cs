using Gateway.Contracts;

namespace Gateway.Tests;

/// <summary>A store version with no database behind it: a test moves it with <see cref="AppliedAsync"/> and sees the same two steps the store's runs.</summary>
internal sealed class TestStoreVersion : IStoreVersion
{
    private readonly List<Func<CancellationToken, Task>> _reloads = [];
    private readonly List<Action> _derived = [];

    public long Current { get; private set; } = -1;

    public Task<long> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(Current);

    public IDisposable OnChange(Func<CancellationToken, Task> reload)
    {
        _reloads.Add(reload);
        return new Removal(() => _reloads.Remove(reload));
    }

    public IDisposable AfterReloads(Action derive)
    {
        _derived.Add(derive);
        return new Removal(() => _derived.Remove(derive));
    }

    public async Task AppliedAsync(long version, CancellationToken cancellationToken)
    {
        Current = version;
        foreach (var reload in _reloads.ToArray())
        {
            await reload(cancellationToken);
        }

        foreach (var derive in _derived.ToArray())
        {
            derive();
        }
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
