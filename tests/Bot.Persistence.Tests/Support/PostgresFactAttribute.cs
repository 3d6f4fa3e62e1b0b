using Bot.Testing.Postgres;
namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A fact that needs the PostgreSQL server: skipped, with the reason shown, where the server binaries are not
/// installed, except on CI (<c>CI=true</c>), where it runs and a missing server fails it.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresBinaries.SkipReason;
    }
}
