using Gateway.Health;

namespace Gateway.WebConsole;

/// <summary>
/// One line of the Providers table: a managed provider (<see cref="Id"/> set, editable) or a configured one (read-only),
/// with its live health and its usage against its limit. Holds no key, ciphertext or key hash.
/// </summary>
internal sealed record ProviderRow(
    string? Id,
    string Name,
    string Type,
    string? Label,
    string? Owner,
    bool Active,
    bool Default,
    string? Smart,
    string? Fast,
    long Usage,
    long? Limit,
    ProviderHealthSnapshot? Health)
{
    public bool ReadOnly => Id is null;
}
