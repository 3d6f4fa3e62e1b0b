using Bot.Core.Catalog;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bot.Catalog;

/// <summary>
/// The catalog as YAML: every <c>*.yaml</c> and <c>*.yml</c> file under a folder (recursively, in path order),
/// each a mapping of sections (<c>org</c>, <c>teams</c>, <c>services</c>, …) that the files share between them, or
/// an OpenSLO v1 document (<c>apiVersion: openslo/v1</c>).
/// A load reports every error it finds, each at a file and line, and returns a catalog only if there is none.
/// </summary>
/// <param name="folder">The folder to read (an absolute path).</param>
/// <param name="displayPath">How the folder is shown in errors, e.g. the configured <c>manifests/catalog</c>.</param>
public sealed class YamlCatalogSource(string folder, string displayPath) : ICatalogSource
{
    private readonly string _displayPath = displayPath.TrimEnd('/', '\\');

    public string Location => _displayPath;

    public CatalogLoadResult Load()
    {
        var errors = new ErrorList();
        var files = FindFiles(errors);
        if (files.Count == 0)
        {
            return CatalogLoadResult.Failure(errors.Sorted());
        }
        var declarations = new CatalogDeclarations();
        var unparsed = 0;
        foreach (var (path, display) in files)
        {
            // A file that does not parse is reported, and the others are still read so that all errors show at once.
            if (Parse(path, display, errors) is { } stream)
            {
                foreach (var document in stream.Documents)
                {
                    CatalogFileReader.Read(document.RootNode, display, declarations, errors);
                }
            }
            else
            {
                unparsed++;
            }
        }
        // Cross-file checks against a catalog with a file missing would report every reference into that file
        // as unknown, burying the real error; they run once every file parses.
        var catalog = unparsed == 0 ? CatalogAssembler.Assemble(declarations, _displayPath, errors) : null;
        return catalog is not null && errors.Count == 0 ? CatalogLoadResult.Success(catalog) : CatalogLoadResult.Failure(errors.Sorted());
    }

    private List<(string Path, string Display)> FindFiles(ErrorList errors)
    {
        var at = new SourceLine(_displayPath, 0);
        if (!Directory.Exists(folder))
        {
            errors.Add(at, $"the catalog folder '{folder}' does not exist");
            return [];
        }
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml")
            .Select(f => (Path: f, Relative: Path.GetRelativePath(folder, f).Replace('\\', '/')))
            // Editors and tools leave dot-files (.#teams.yaml, .git/…); they are not part of the catalog.
            .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f => (f.Path, $"{_displayPath}/{f.Relative}"))
            .ToList();
        if (files.Count == 0)
        {
            errors.Add(at, $"the catalog folder '{folder}' holds no .yaml or .yml file");
        }
        return files;
    }

    private static YamlStream? Parse(string path, string display, ErrorList errors)
    {
        Parser? parser = null;
        try
        {
            using var reader = new StreamReader(path);
            parser = new Parser(reader);
            var stream = new YamlStream();
            stream.Load(parser);
            return stream;
        }
        catch (YamlException e)
        {
            errors.Add(new SourceLine(display, (int)e.Start.Line), $"malformed YAML: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this, without a position, on some truncated flow collections (e.g. "[1, 2");
            // the parser's last event is the best line there is.
            errors.Add(new SourceLine(display, (int)(parser?.Current?.Start.Line ?? 0)), "malformed YAML: unexpected end of a flow collection or document");
        }
        catch (IOException e)
        {
            errors.Add(new SourceLine(display, 0), $"cannot read the file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            errors.Add(new SourceLine(display, 0), $"cannot read the file: {e.Message}");
        }
        return null;
    }
}
