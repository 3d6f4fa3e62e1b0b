namespace Bot.Host.Endpoints;

/// <summary>What <c>POST /api/catalog/reload</c> loaded.</summary>
internal sealed record CatalogReloadResponse(DateTimeOffset LoadedAt, int Teams, int Services, int Slos);
