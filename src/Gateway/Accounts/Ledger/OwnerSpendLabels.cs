using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;

namespace Gateway.Accounts.Ledger;

/// <summary>
/// The owners whose spend is a labelled metric series (<c>Gateway:Metrics:OwnerLabels</c>, a list of owner names):
/// owners are unbounded, so only these are named; every other owner's spend goes to <c>owner="other"</c>. Empty (the
/// default): no owner series at all.
/// </summary>
internal sealed class OwnerSpendLabels(IEnumerable<string> owners)
{
    public const string Other = "other";

    private readonly FrozenSet<string> _owners = owners.Where(o => o.Length > 0).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The list from configuration: array entries (<c>OwnerLabels:0</c>, ...) or one comma-separated value.</summary>
    public static OwnerSpendLabels From(IConfigurationSection section) => new(
        (section.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Concat(section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>()));

    public bool Enabled => _owners.Count > 0;

    /// <summary>The label for <paramref name="owner"/>: its name when listed, else <see cref="Other"/>.</summary>
    public string LabelOf(string? owner) => owner is not null && _owners.Contains(owner) ? owner : Other;
}
