namespace Bot.Scheduling.Tests.Support;

/// <summary>Every PostgreSQL test class joins this collection: one server per test run, a database per test.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server (scheduling)";
}
