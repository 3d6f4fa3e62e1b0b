namespace Bot.Persistence.Tests.Support;

/// <summary>A measurement, not a check: skipped unless <c>SLOBOT_BENCHMARKS=1</c>. It reports numbers and asserts no timings.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SLOBOT_BENCHMARKS") != "1")
        {
            Skip = "Benchmark: run with SLOBOT_BENCHMARKS=1 dotnet test tests/Bot.Persistence.Tests -c Release --filter IngestAlertsBenchmark";
        }
    }
}
