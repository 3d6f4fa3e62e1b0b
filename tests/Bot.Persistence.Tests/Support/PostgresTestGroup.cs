namespace Bot.Persistence.Tests.Support;

/// <summary>
/// Every PostgreSQL test class joins this collection: one server per test run, started before the first test
/// and stopped after the last. Each test gets its own database from <see cref="PostgresServer.CreateAsync"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
