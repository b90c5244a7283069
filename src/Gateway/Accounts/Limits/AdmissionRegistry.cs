using System.Collections.Concurrent;

namespace Gateway.Accounts.Limits;

/// <summary>The tickets of requests in flight, by request id: how an attempt's outcome finds what to bill.</summary>
internal sealed class AdmissionRegistry
{
    private readonly ConcurrentDictionary<string, AdmissionTicket> _tickets = new(StringComparer.Ordinal);

    public void Add(string requestId, AdmissionTicket ticket) => _tickets[requestId] = ticket;

    public AdmissionTicket? Find(string requestId) => _tickets.GetValueOrDefault(requestId);

    public void Remove(string requestId) => _tickets.TryRemove(requestId, out _);
}
