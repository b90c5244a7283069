using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gateway.Outbound;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// A resolver for the outbound rule in tests: a fixed table of names (each with a queue of answers, the last one kept),
/// <c>localhost</c> from the system, anything else not found. Never answers an address a test could connect to outside
/// 127.0.0.0/8 except as a one-shot creation-time answer the test arranged.
/// </summary>
internal sealed class TableResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers <paramref name="host"/> with each of <paramref name="answers"/> in turn; the last one stays.</summary>
    public TableResolver Add(string host, params string[][] answers)
    {
        _answers[host] = new ConcurrentQueue<IPAddress[]>(answers.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    private int _calls;

    /// <summary>How many names were resolved.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        host = host.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback });
        }

        if (!_answers.TryGetValue(host, out var queue) || !queue.TryPeek(out var answer))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (queue.Count > 1)
        {
            queue.TryDequeue(out _);
        }

        return Task.FromResult(answer);
    }
}
