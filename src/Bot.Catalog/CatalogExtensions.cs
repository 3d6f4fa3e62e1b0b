using Bot.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Catalog;

public static class CatalogExtensions
{
    /// <summary>
    /// Adds the YAML catalog from <c>Catalog:Path</c> (relative to the content root), the <see cref="CatalogHolder"/>
    /// that serves it, and its load at start-up, which stops the host with every error if the catalog is invalid.
    /// </summary>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Catalog:Path must name the folder of catalog YAML files, e.g. manifests/catalog.")
            .ValidateOnStart();

        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ICatalogSource>(services =>
        {
            var path = services.GetRequiredService<IOptions<CatalogOptions>>().Value.Path;
            return new YamlCatalogSource(Path.GetFullPath(path, contentRoot), path);
        });
        builder.Services.TryAddSingleton<CatalogHolder>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CatalogStartupLoader>());
        return builder;
    }
}
