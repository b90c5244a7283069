using System.Security.Cryptography;

namespace Gateway.WebConsole;

/// <summary>
/// The server-side session store: sessions expire after <see cref="IdleTimeout"/> without a request, measured on the
/// injected <see cref="TimeProvider"/>, and end as soon as their key no longer makes its holder the session's identity
/// (revoked, expired, rotated past its grace: <paramref name="current"/>, asked on every touch). Ids and CSRF tokens are
/// 256-bit random values; nothing secret goes to the browser but the session id itself.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time, ConsoleIdentityCheck current)
{
    /// <summary>How long a session lives without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ConsoleSession Create(ConsoleIdentity identity)
    {
        var now = time.GetUtcNow();
        var session = new ConsoleSession(NewToken(), identity, NewToken(), now);
        lock (_lock)
        {
            Sweep(now);
            _sessions[session.Id] = session;
        }

        return session;
    }

    /// <summary>The live session with this id, its idle clock restarted; null when unknown, expired or its key no longer valid (then removed).</summary>
    public ConsoleSession? Touch(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                return null;
            }

            if (now - session.LastSeen >= IdleTimeout || !current(session.Identity))
            {
                _sessions.Remove(id);
                return null;
            }

            session.LastSeen = now;
            return session;
        }
    }

    public void Remove(string id)
    {
        lock (_lock)
        {
            _sessions.Remove(id);
        }
    }

    /// <summary>A 256-bit random value, base64url.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Sweep(DateTimeOffset now)
    {
        foreach (var expired in _sessions.Values.Where(s => now - s.LastSeen >= IdleTimeout).Select(s => s.Id).ToList())
        {
            _sessions.Remove(expired);
        }
    }
}
