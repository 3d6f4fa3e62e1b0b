using Bot.Testing.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Persistence.Tests.Support;

/// <summary>Skips a <see cref="DatabaseFactAttribute"/> test of a PostgreSQL class when the server is not installed.</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        DatabaseTestSkip.ReasonFor(testMethod) is { } reason
            ? new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Skips a <see cref="DatabaseTheoryAttribute"/> test of a PostgreSQL class when the server is not installed.</summary>
public sealed class DatabaseTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        DatabaseTestSkip.ReasonFor(testMethod) is { } reason
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class DatabaseTestSkip
{
    public static string? ReasonFor(ITestMethod testMethod) =>
        testMethod.TestClass.TestCollection.CollectionDefinition?.Name == typeof(PostgresTestGroup).FullName
            ? PostgresBinaries.SkipReason
            : null;
}
