namespace Bot.Core.Catalog;

/// <summary>
/// Holds the current catalog. A reload that fails keeps the last good catalog and reports why, so an
/// invalid edit never half-applies.
/// </summary>
public sealed class CatalogHolder(ICatalogSource source, TimeProvider time)
{
    private volatile Snapshot? _current;

    /// <summary>The last good catalog. Throws before the first successful load.</summary>
    public ServiceCatalog Current =>
        _current?.Catalog ?? throw new InvalidOperationException($"The catalog from {source.Location} has not been loaded.");

    public bool IsLoaded => _current is not null;

    /// <summary>When the current catalog was loaded.</summary>
    public DateTimeOffset? LoadedAt => _current?.LoadedAt;

    /// <summary>Loads the catalog; on failure the previous catalog stays current and the errors are returned.</summary>
    public CatalogLoadResult Reload()
    {
        var result = source.Load();
        if (result.Catalog is { } catalog)
        {
            _current = new Snapshot(catalog, time.GetUtcNow());
        }
        return result;
    }

    private sealed record Snapshot(ServiceCatalog Catalog, DateTimeOffset LoadedAt);
}
