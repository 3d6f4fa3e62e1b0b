using Bot.Testing.Postgres;
namespace Bot.Scheduling.Tests.Support;

/// <summary>A test that needs the PostgreSQL server: skipped where it is not installed, except on CI (<c>CI=true</c>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresBinaries.SkipReason;
    }
}
