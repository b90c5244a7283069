namespace Gateway.Outbound;

/// <summary>
/// Turns a host name into addresses for the outbound rule, at creation and at connect time: the system's DNS in the
/// gateway, a fixed table in tests (which must never resolve to anything outside 127.0.0.0/8 when connecting).
/// </summary>
public interface IHostResolver
{
    Task<System.Net.IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
