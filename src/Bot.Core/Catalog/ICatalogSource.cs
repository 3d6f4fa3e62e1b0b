namespace Bot.Core.Catalog;

/// <summary>Where the catalog comes from (YAML files in production). Loading is all or nothing.</summary>
public interface ICatalogSource
{
    /// <summary>Where the catalog is read from, for messages.</summary>
    string Location { get; }

    CatalogLoadResult Load();
}
