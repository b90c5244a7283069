using System.Collections.Concurrent;

namespace Gateway.Accounts.Limits;

/// <summary>
/// Turns a caller's limits (its key's and its owner's) and a request's estimate into the lines to reserve. Every
/// counter of one caller shares one hash tag: the owner's (a key's counters and its owner's are checked in one script),
/// or the key's when it has no owner.
/// </summary>
internal static class LimitPlanner
{
    /// <summary>Past this many cached names, the caches start over (keys and owners are many, windows roll).</summary>
    private const int MaxCached = 50_000;

    /// <summary>A caller's tag and scopes, made once per key and owner.</summary>
    private static readonly ConcurrentDictionary<(string KeyId, string? Owner), (string Tag, string KeyScope, string? OwnerScope)> Callers = new();

    /// <summary>Counter names of the current windows: the name changes only when a window rolls.</summary>
    private static readonly ConcurrentDictionary<(string Tag, string Scope, LimitKind Kind), (DateTimeOffset Start, string Name)> Names = new();

    public static Reservation Plan(string keyId, string? owner, LimitSet? keyLimits, LimitSet? ownerLimits, long tokens, long microUsd, DateTimeOffset now, TimeSpan ttl)
    {
        var (tag, keyScope, ownerScope) = Caller(keyId, owner);
        var scopes = new List<string>(2);
        var lines = new List<LimitLine>(12);
        Add(lines, scopes, tag, keyScope, keyLimits, tokens, microUsd, now);
        if (ownerScope is not null)
        {
            Add(lines, scopes, tag, ownerScope, ownerLimits, tokens, microUsd, now);
        }

        return new Reservation(Contracts.RandomIds.New(), tag, scopes, lines, now + ttl);
    }

    /// <summary>
    /// The counter of <paramref name="kind"/> in the window of <paramref name="now"/>: of the key <paramref name="keyId"/>
    /// (of <paramref name="owner"/>, or of none), or of the owner itself when <paramref name="keyId"/> is null.
    /// </summary>
    public static string CounterOf(string? keyId, string? owner, LimitKind kind, DateTimeOffset now) =>
        keyId is not null
            ? Counter(Tag(keyId, owner), "k:" + Clean(keyId), kind, now)
            : Counter(Tag("", owner ?? throw new ArgumentNullException(nameof(owner))), "o:" + Clean(owner), kind, now);

    /// <summary>The counters of day and month a scope's ledger totals load into.</summary>
    public static IReadOnlyList<(string Counter, long Value, DateTimeOffset Reset)> Loaded(string tag, string scope, DateTimeOffset now, long dayTokens, long dayMicroUsd, long monthTokens, long monthMicroUsd) =>
    [
        (Counter(tag, scope, LimitKind.UsdPerDay, now), dayMicroUsd, LimitWindows.Reset(LimitPeriod.Day, now)),
        (Counter(tag, scope, LimitKind.TokensPerDay, now), dayTokens, LimitWindows.Reset(LimitPeriod.Day, now)),
        (Counter(tag, scope, LimitKind.UsdPerMonth, now), monthMicroUsd, LimitWindows.Reset(LimitPeriod.Month, now)),
        (Counter(tag, scope, LimitKind.TokensPerMonth, now), monthTokens, LimitWindows.Reset(LimitPeriod.Month, now)),
    ];

    public static string Counter(string tag, string scope, LimitKind kind, DateTimeOffset now)
    {
        var period = LimitKinds.Period(kind);
        var start = LimitWindows.Start(period, now);
        if (Names.TryGetValue((tag, scope, kind), out var cached) && cached.Start == start)
        {
            return cached.Name;
        }

        var name = tag + ":" + scope + ":" + LimitKinds.Name(kind) + ":" + LimitWindows.Id(period, now);
        if (Names.Count >= MaxCached)
        {
            Names.Clear();
        }

        Names[(tag, scope, kind)] = (start, name);
        return name;
    }

    private static (string Tag, string KeyScope, string? OwnerScope) Caller(string keyId, string? owner)
    {
        if (Callers.TryGetValue((keyId, owner), out var caller))
        {
            return caller;
        }

        if (Callers.Count >= MaxCached)
        {
            Callers.Clear();
        }

        return Callers[(keyId, owner)] = (Tag(keyId, owner), "k:" + Clean(keyId), owner is null ? null : "o:" + Clean(owner));
    }

    private static void Add(List<LimitLine> lines, List<string> scopes, string tag, string scope, LimitSet? limits, long tokens, long microUsd, DateTimeOffset now)
    {
        if (limits is null || limits.IsUncounted)
        {
            return;
        }

        scopes.Add(scope);
        foreach (var kind in LimitKinds.All)
        {
            if (LimitKinds.Of(limits, kind) is { } limit)
            {
                lines.Add(new LimitLine(scope, kind, limit, LimitKinds.Amount(kind, tokens, microUsd), Counter(tag, scope, kind, now), LimitWindows.Reset(LimitKinds.Period(kind), now)));
            }
        }
    }

    private static string Tag(string keyId, string? owner) => "{gwl:" + Clean(owner is null ? "k:" + keyId : "o:" + owner) + "}";

    /// <summary>Keeps names usable in counter keys: no braces (hash tags), no spaces (the held-amounts list).</summary>
    private static string Clean(string value) =>
        value.AsSpan().IndexOfAny("{} \t\r\n") < 0 ? value : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..16];
}
