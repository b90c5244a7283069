namespace Gateway.Providers;

/// <summary>
/// The enabled providers of the live routing table, for code below routing (model discovery, admin checks) that
/// needs the providers but not the candidate sets. Read <see cref="Catalog"/> each time; never keep it.
/// </summary>
internal interface ILiveCatalog
{
    /// <summary>The catalog of the live table: one volatile read.</summary>
    ProviderCatalog Catalog { get; }
}
