using Gateway.Health;
using Gateway.Routing;

namespace Gateway.Selection;

/// <summary>
/// The candidates of one request in the order they will be tried. Empty when every candidate is blocked;
/// then <see cref="RetryAt"/> and <see cref="BlockedBy"/> say when the soonest one frees up and why.
/// </summary>
internal sealed class AttemptPlan(Candidate[] ordered, int count, DateTimeOffset retryAt, BlockReason blockedBy)
{
    private int _next;

    public int Count => count;

    public DateTimeOffset RetryAt => retryAt;

    public BlockReason BlockedBy => blockedBy;

    public bool HasNext => _next < count;

    public Candidate? Peek => _next < count ? ordered[_next] : null;

    public bool TryNext(out Candidate candidate)
    {
        if (_next < count)
        {
            candidate = ordered[_next++];
            return true;
        }

        candidate = null!;
        return false;
    }

    /// <summary>
    /// Moves <paramref name="provider"/>'s candidate to the front of a plan not started yet (prompt-cache affinity); true
    /// when the plan has it (it is healthy enough to be planned), false when not (then nothing moves).
    /// </summary>
    public bool Prefer(string provider)
    {
        if (_next != 0)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (ordered[i].Provider.Name == provider)
            {
                var preferred = ordered[i];
                Array.Copy(ordered, 0, ordered, 1, i);
                ordered[0] = preferred;
                return true;
            }
        }

        return false;
    }

    /// <summary>The candidates not tried yet (a view of the plan: enumerating it allocates nothing).</summary>
    public ArraySegment<Candidate> Remaining => new(ordered, _next, count - _next);

    public IEnumerable<string> Names => ordered.Take(count).Select(c => c.Provider.Name);

    /// <summary>The <paramref name="index"/>th candidate of the plan (chains join their links' plans).</summary>
    internal Candidate At(int index) => ordered[index];
}
