namespace Gateway.Telemetry;

/// <summary>Up to four tags as a value key with no allocation (the gateway's instruments carry at most three).</summary>
internal readonly struct TagSet : IEquatable<TagSet>
{
    private readonly string? _k0, _k1, _k2, _k3;
    private readonly string? _v0, _v1, _v2, _v3;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Count = Math.Min(tags.Length, 4);
        if (Count > 0) (_k0, _v0) = (tags[0].Key, tags[0].Value?.ToString());
        if (Count > 1) (_k1, _v1) = (tags[1].Key, tags[1].Value?.ToString());
        if (Count > 2) (_k2, _v2) = (tags[2].Key, tags[2].Value?.ToString());
        if (Count > 3) (_k3, _v3) = (tags[3].Key, tags[3].Value?.ToString());
    }

    public int Count { get; }

    public IEnumerable<(string Key, string Value)> Pairs
    {
        get
        {
            if (Count > 0) yield return (_k0!, _v0 ?? "");
            if (Count > 1) yield return (_k1!, _v1 ?? "");
            if (Count > 2) yield return (_k2!, _v2 ?? "");
            if (Count > 3) yield return (_k3!, _v3 ?? "");
        }
    }

    public bool Equals(TagSet other) =>
        Count == other.Count && _k0 == other._k0 && _v0 == other._v0 && _k1 == other._k1 && _v1 == other._v1
        && _k2 == other._k2 && _v2 == other._v2 && _k3 == other._k3 && _v3 == other._v3;

    public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_v0, _v1, _v2, _v3, Count);

    public override string ToString() => string.Join(",", Pairs.Select(p => p.Key + "=" + p.Value));
}
