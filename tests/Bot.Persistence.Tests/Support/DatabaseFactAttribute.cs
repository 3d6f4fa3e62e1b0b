using Xunit.Sdk;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A fact of a suite that runs on both databases (declared once in an abstract class, run by a SQLite and a
/// PostgreSQL subclass). xunit 2 cannot skip at run time, so the discoverer decides per subclass: in the
/// <see cref="PostgresTestGroup"/> it is skipped like a <see cref="PostgresFactAttribute"/>.
/// </summary>
[XunitTestCaseDiscoverer("Bot.Persistence.Tests.Support.DatabaseFactDiscoverer", "Bot.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;
