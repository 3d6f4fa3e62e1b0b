namespace Bot.Core.Catalog;

/// <summary>One thing wrong with the catalog, located at a file and line.</summary>
/// <param name="File">The file's path relative to the catalog folder's parent, as an operator would type it.</param>
public sealed record CatalogError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>A catalog, or every reason it could not be loaded; never both.</summary>
public sealed record CatalogLoadResult(ServiceCatalog? Catalog, IReadOnlyList<CatalogError> Errors)
{
    public bool Succeeded => Catalog is not null;

    public static CatalogLoadResult Success(ServiceCatalog catalog) => new(catalog, []);

    public static CatalogLoadResult Failure(IReadOnlyList<CatalogError> errors) => new(null, errors);
}
