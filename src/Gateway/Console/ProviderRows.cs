using Gateway.Configuration;
using Gateway.Contracts;
using Gateway.Health;
using Gateway.ManagedProviders;

namespace Gateway.WebConsole;

/// <summary>
/// Gathers the Providers table in-process: the managed providers in the session's scope (the store, through the
/// provider manager), the configured ones for the admin, and each one's health snapshot by routing name.
/// </summary>
internal sealed class ProviderRows(ProviderManager manager, GatewayOptionsMonitor configuration, IHealthStore health)
{
    public async Task<IReadOnlyList<ProviderRow>> ListAsync(ConsoleSession session, CancellationToken cancellationToken)
    {
        var healthByName = health.Snapshot().ToDictionary(h => h.Provider, StringComparer.OrdinalIgnoreCase);
        var rows = new List<ProviderRow>();
        if (session.Identity.IsAdmin)
        {
            rows.AddRange(configuration.Current.Providers.Where(p => p.ManagedId is null).Select(p => new ProviderRow(
                null, p.Name, p.Type, null, null, p.Enabled, p.IsDefault, p.Smart, p.Fast, 0, null, healthByName.GetValueOrDefault(p.Name))));
        }

        foreach (var record in await manager.ListAsync(session.Scope, null, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(FromRecord(record, healthByName));
        }

        return rows;
    }

    /// <summary>The managed provider <paramref name="id"/> if the session may see it.</summary>
    public async Task<ManagedProviderRecord?> FindAsync(ConsoleSession session, string id, CancellationToken cancellationToken) =>
        (await manager.GetAsync(id, session.Scope, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>The routing names the session may see (its providers; everything for the admin), for health and usage.</summary>
    public async Task<Func<string, bool>> VisibleAsync(ConsoleSession session, CancellationToken cancellationToken)
    {
        if (session.Identity.IsAdmin)
        {
            return _ => true;
        }

        var names = (await manager.ListAsync(session.Scope, null, cancellationToken).ConfigureAwait(false))
            .Select(ManagedProviderOptions.NameOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return names.Contains;
    }

    private static ProviderRow FromRecord(ManagedProviderRecord r, Dictionary<string, ProviderHealthSnapshot> healthByName)
    {
        ProviderConfigJson.TryRead(r.ProviderConfig, out var config, out _);
        var name = ManagedProviderOptions.NameOf(r);
        return new ProviderRow(r.Id, name, r.Provider, r.KeyLabel, r.Owner, r.IsActive, r.IsDefault, config.Smart, config.Fast,
            r.CurrentUsage, r.UsageLimit, healthByName.GetValueOrDefault(name));
    }
}
