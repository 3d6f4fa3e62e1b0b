using Xunit.Sdk;

namespace Bot.Persistence.Tests.Support;

/// <summary>The theory form of <see cref="DatabaseFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Bot.Persistence.Tests.Support.DatabaseTheoryDiscoverer", "Bot.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;
