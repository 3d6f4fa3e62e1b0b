using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>
/// A catalog folder, <see cref="Display"/> under a fresh temp directory (<see cref="Root"/>, deleted on dispose),
/// so that errors read as the host shows them for the default <c>Catalog:Path</c>.
/// </summary>
internal sealed class TempCatalog : IDisposable
{
    public const string Display = "manifests/catalog";

    /// <summary>An org tree acme → retail → shop, three lines per unit after the first.</summary>
    public const string Org = """
        org:
          - id: acme
            name: Acme
            kind: org
          - id: retail
            name: Retail
            kind: businessLine
            parent: acme
          - id: shop
            name: Shop
            kind: domain
            parent: retail
        """;

    /// <summary>Team payments under shop, with members ana and ben.</summary>
    public const string Teams = """
        teams:
          - id: payments
            name: Payments
            parent: shop
            members:
              - id: ana
                name: Ana
                slackUserId: U0ANA00001
                timeZone: Europe/Berlin
              - id: ben
                name: Ben
                timeZone: America/New_York
            destinations:
              console: payments-slo-breaches
        """;

    public TempCatalog()
    {
        Root = Path.Combine(Path.GetTempPath(), "bot-catalog-tests", Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(Root, "manifests", "catalog");
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The content root a host would have.</summary>
    public string Root { get; }

    public string Folder { get; }

    /// <summary>A valid catalog (<see cref="Org"/> and <see cref="Teams"/>) that a test then overrides file by file.</summary>
    public static TempCatalog WithOrgAndTeam() => new TempCatalog().With("org.yaml", Org).With("teams.yaml", Teams);

    public TempCatalog With(string relativePath, string yaml)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml + "\n");
        return this;
    }

    public YamlCatalogSource Source() => new(Folder, Display);

    public CatalogLoadResult Load() => Source().Load();

    /// <summary>The errors of a load that must fail, as <c>file:line: message</c>.</summary>
    public IReadOnlyList<string> Errors()
    {
        var result = Load();
        Assert.False(result.Succeeded, "the catalog loaded, but errors were expected");
        Assert.Null(result.Catalog);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    public ServiceCatalog Catalog()
    {
        var result = Load();
        Assert.True(result.Succeeded, "the catalog failed to load:\n" + string.Join("\n", result.Errors));
        return result.Catalog!;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
