namespace Bot.Scheduling.Tests.Support;

/// <summary>A fresh, empty database for one test: the settings a host needs to use it, and how to remove it.</summary>
public sealed class TestDatabase(string provider, string connectionString, Func<ValueTask> remove) : IAsyncDisposable
{
    /// <summary>The value for <c>Database:Provider</c>.</summary>
    public string Provider { get; } = provider;

    /// <summary>The value for <c>ConnectionStrings:Bot</c>.</summary>
    public string ConnectionString { get; } = connectionString;

    public ValueTask DisposeAsync() => remove();
}
