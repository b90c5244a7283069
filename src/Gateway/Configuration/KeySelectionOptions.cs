namespace Gateway.Configuration;

/// <summary>
/// One client key's selection settings (<c>Gateway:Selection:Keys:&lt;key id&gt;</c>, or <c>strategy</c> and
/// <c>chooseStrategy</c> on a static key's object in <c>Gateway:ClientKeys</c>). Null: the global setting.
/// </summary>
public sealed record KeySelectionOptions
{
    /// <summary>The key's default strategy (a registered name), used when its request names none; null: <c>Gateway:Rotation</c>.</summary>
    public string? Strategy { get; init; }

    /// <summary>Whether the key's requests may choose their strategy with <c>x-gateway-strategy</c>; null: <see cref="SelectionOptions.ClientsMayChoose"/>.</summary>
    public bool? MayChoose { get; init; }
}
