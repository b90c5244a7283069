using System.Security.Cryptography;
using System.Text;

namespace Gateway.WebConsole;

/// <summary>
/// The return leg of Connect OpenRouter. The session cookie is SameSite=Strict, so the browser does not send it when
/// OpenRouter's page (another site) sends it back to the callback. Instead the connect step gives the browser a binding
/// cookie (SameSite=Lax, HttpOnly, scoped to the callback's path, <see cref="Lifetime"/>) holding a random value; this
/// store keeps only its hash, under the PKCE state, with the session and owner that started it. A return is accepted
/// once: the state's entry is taken whatever the outcome. Expiry is measured on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class OpenRouterReturns(TimeProvider time)
{
    /// <summary>How long the browser may stay on OpenRouter's page (the binding cookie's Max-Age).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, OpenRouterPendingReturn> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Records a connect under its <paramref name="state"/>; returns the binding cookie's value.</summary>
    public string Begin(string state, ConsoleSession session, string owner, string actor)
    {
        var binding = ConsoleSessions.NewToken();
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var expired in _pending.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
            {
                _pending.Remove(expired);
            }

            _pending[state] = new OpenRouterPendingReturn(Hash(binding), session.Id, owner, actor, now + Lifetime);
        }

        return binding;
    }

    /// <summary>
    /// The connect that <paramref name="state"/> names when <paramref name="binding"/> is its cookie and it has not
    /// expired; null otherwise. The entry is removed either way: a state is good for one return.
    /// </summary>
    public OpenRouterPendingReturn? Take(string? state, string? binding)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        OpenRouterPendingReturn? pending;
        lock (_lock)
        {
            if (!_pending.Remove(state, out pending))
            {
                return null;
            }
        }

        return !string.IsNullOrEmpty(binding) && CryptographicOperations.FixedTimeEquals(Hash(binding), pending.BindingHash) && pending.ExpiresAt > time.GetUtcNow()
            ? pending
            : null;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
