namespace Bot.Persistence.Tests.Support;

/// <summary>Makes a fresh, empty database per test; one implementation per dialect.</summary>
public interface ITestDatabaseFactory
{
    SqlDialect Dialect { get; }

    Task<TestDatabase> CreateAsync();
}
