using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>The catalog could not be loaded at start-up; the message lists every error, one per line.</summary>
public sealed class CatalogInvalidException : Exception
{
    public CatalogInvalidException(string location, IReadOnlyList<CatalogError> errors)
        : base(Describe(location, errors)) => Errors = errors;

    public CatalogInvalidException()
        : this("The catalog is invalid.")
    {
    }

    public CatalogInvalidException(string message)
        : base(message) => Errors = [];

    public CatalogInvalidException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public IReadOnlyList<CatalogError> Errors { get; }

    private static string Describe(string location, IReadOnlyList<CatalogError> errors) =>
        $"The catalog at {location} is invalid ({errors.Count} {(errors.Count == 1 ? "error" : "errors")}):{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors);
}
