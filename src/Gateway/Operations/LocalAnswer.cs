using Gateway.Contracts;

namespace Gateway.Operations;

/// <summary>An answer the gateway gives itself (a token estimate): a JSON body with its headers, a refusal, or nothing when the client left.</summary>
internal sealed record LocalAnswer(string? Json, Refusal? Refusal)
{
    public static LocalAnswer Gone { get; } = new(null, null);

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A JSON body with one header.</summary>
    public static LocalAnswer Of(string json, string header, string value) => new(json, null) { Headers = [new(header, value)] };

    public static LocalAnswer Refuse(Refusal refusal) => new(null, refusal);
}
