namespace Bot.Catalog;

/// <summary>The <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The folder of catalog YAML files; a relative path is taken from the content root.</summary>
    public string Path { get; set; } = "manifests/catalog";
}
