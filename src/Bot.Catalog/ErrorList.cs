using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>Collects every catalog error so that one load reports all of them at once.</summary>
internal sealed class ErrorList
{
    private readonly List<CatalogError> _errors = [];

    public int Count => _errors.Count;

    public void Add(SourceLine at, string message) => _errors.Add(new CatalogError(at.File, at.Line, message));

    /// <summary>By file, then line; errors on one line keep the order they were found in.</summary>
    public IReadOnlyList<CatalogError> Sorted() =>
        [.. _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)];
}
