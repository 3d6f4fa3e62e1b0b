namespace Bot.Scheduling.Tests.Support;

/// <summary>Makes a fresh database per test; one implementation per dialect.</summary>
public interface ITestDatabases
{
    Task<TestDatabase> CreateAsync();
}
