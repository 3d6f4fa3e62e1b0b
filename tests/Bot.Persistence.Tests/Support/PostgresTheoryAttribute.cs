using Bot.Testing.Postgres;
namespace Bot.Persistence.Tests.Support;

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = PostgresBinaries.SkipReason;
    }
}
