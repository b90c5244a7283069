namespace Gateway.Contracts;

/// <summary>
/// Ids that only have to be unique (request ids, reservation ids): a prefix and 32 hex digits of the shared,
/// non-cryptographic generator (seeded per process), written once. <see cref="Guid.NewGuid"/> asks the operating system
/// for secure random bytes each time, which an id on every request does not need.
/// </summary>
internal static class RandomIds
{
    public static string New(string prefix = "") => string.Create(prefix.Length + 32, prefix, static (chars, prefix) =>
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        prefix.CopyTo(chars);
        Convert.TryToHexStringLower(bytes, chars[prefix.Length..], out _);
    });
}
