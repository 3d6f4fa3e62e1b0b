using System.Globalization;
using System.Text;

namespace Bot.Prometheus.Tests.Support;

/// <summary>
/// The data the real Prometheus is loaded with, as OpenMetrics for <c>promtool tsdb create-blocks-from openmetrics</c>
/// (timestamps in seconds, counters typed with the <c>_total</c> suffix on the samples, <c># EOF</c> at the end). All of
/// it is laid out around <see cref="Now"/>, the instant the tests query at; the expected figures are worked out by hand
/// in <see cref="PrometheusServerTests"/>.
///
/// <para><b>Counters</b> <c>http_requests_total{job="checkout",code="200"|"500"}</c>: 1,000 requests a minute, of which
/// the bad (code 500) ones per minute i before <see cref="Now"/> (minute 1 ends at Now) are: 50 in minutes 1–5, 20 in
/// 6–60, 5 in 61–360 and 1 in 361–1560. Samples are every minute for the last 26 hours (k = 0…1560 minutes before Now),
/// then only at 7 days, 28 days and 29 days before Now: a counter needs only its values at a window's edges, and every
/// 2-hour stretch with a sample costs promtool a block (about 80 ms each). Between those samples the counters grow by:
/// 7d → 26h before: 8,520 bad of 8,520,000; 28d → 7d: 10,000 bad of 30,240,000; 29d → 28d: 500,000 bad of 1,440,000
/// (outside every range: if a range reached past 28 days, every figure would be far off).</para>
///
/// <para><b>Gauges as Sloth and Pyrra record them</b>, sampled at 30 s before each minute (so no sample sits on a range's
/// edge): every minute over the last 24 hours (1,440 samples), one minute apart for an hour from 7 days before Now + 30 s
/// (60 samples) and from 28 days before Now + 30 s (60 samples), and one at 29 days before Now.
/// <c>slo:sli_error:ratio_rate5m{sloth_id="checkout-requests-availability"}</c>: 0.004 over the last 24 h, 0.002 at 7d,
/// 0.0005 at 28d, 0.5 at 29d; <c>ratio_rate1h</c>, <c>6h</c>, <c>1d</c>: 0.003, 0.0035, 0.0038 over the last 10 minutes.
/// <c>pyrra_requests:rate5m{slo="checkout-errors"}</c>: 10 everywhere; <c>pyrra_errors:rate5m</c>: 0.5 in the 5 newest
/// samples, 0.1 in the next 55, 0.05 in the next 300, 0.02 in the rest of the last 24 h, 0.01 at 7d, 0.001 at 28d, 5 at 29d.</para>
/// </summary>
public static class KnownSliData
{
    /// <summary>The instant queried: Monday 30 December 2024 00:00 UTC, 7 days into the four-calendar-week block that began on 23 December.</summary>
    public static readonly DateTimeOffset Now = new(2024, 12, 30, 0, 0, 0, TimeSpan.Zero);

    public const string Job = "checkout";
    public const string SlothId = "checkout-requests-availability";
    public const string PyrraSlo = "checkout-errors";

    private const int DenseCounterMinutes = 1560;
    private const int DenseGaugeMinutes = 1440;
    private const int Day = 1440;

    /// <summary>Bad requests in minute i before <see cref="Now"/> (1 = the minute ending at Now).</summary>
    public static int BadInMinute(int i) => i switch
    {
        <= 5 => 50,
        <= 60 => 20,
        <= 360 => 5,
        _ => 1,
    };

    public static void WriteOpenMetrics(string path)
    {
        var text = new StringBuilder();
        WriteCounters(text);
        WriteSlothGauges(text);
        WritePyrraGauges(text);
        text.Append("# EOF\n");
        File.WriteAllText(path, text.ToString());
    }

    private static void WriteCounters(StringBuilder text)
    {
        // (minutes before Now, cumulative bad, cumulative total), oldest first.
        var samples = new List<(int K, long Bad, long Total)>();
        long bad = 1_000, total = 5_000_000;
        samples.Add((29 * Day, bad, total));
        bad += 500_000;
        total += 1_440_000;
        samples.Add((28 * Day, bad, total));
        bad += 10_000;
        total += 30_240_000;
        samples.Add((7 * Day, bad, total));
        bad += 8_520;
        total += 8_520_000;
        samples.Add((DenseCounterMinutes, bad, total));
        for (var k = DenseCounterMinutes - 1; k >= 0; k--)
        {
            bad += BadInMinute(k + 1);
            total += 1_000;
            samples.Add((k, bad, total));
        }

        text.Append("# TYPE http_requests counter\n");
        foreach (var (k, b, _) in samples)
        {
            Sample(text, $"http_requests_total{{job=\"{Job}\",code=\"500\"}}", b, MinutesBefore(k));
        }
        foreach (var (k, b, t) in samples)
        {
            Sample(text, $"http_requests_total{{job=\"{Job}\",code=\"200\"}}", t - b, MinutesBefore(k));
        }
    }

    private static void WriteSlothGauges(StringBuilder text)
    {
        var labels = $"{{sloth_id=\"{SlothId}\",sloth_service=\"checkout\",sloth_slo=\"requests-availability\",sloth_window=";
        text.Append("# TYPE slo:sli_error:ratio_rate5m gauge\n");
        foreach (var (at, age) in GaugeInstants())
        {
            var value = age switch
            {
                Age.Recent => 0.004,
                Age.SevenDays => 0.002,
                Age.TwentyEightDays => 0.0005,
                _ => 0.5,
            };
            Sample(text, "slo:sli_error:ratio_rate5m" + labels + "\"5m\"}", value, at);
        }
        foreach (var (window, value) in new[] { ("1h", 0.003), ("6h", 0.0035), ("1d", 0.0038) })
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE slo:sli_error:ratio_rate{window} gauge\n");
            for (var k = 9; k >= 0; k--)
            {
                Sample(text, $"slo:sli_error:ratio_rate{window}" + labels + $"\"{window}\"}}", value, MinutesBefore(k) - 30);
            }
        }
    }

    private static void WritePyrraGauges(StringBuilder text)
    {
        var labels = $"{{slo=\"{PyrraSlo}\"}}";
        text.Append("# TYPE pyrra_requests:rate5m gauge\n");
        foreach (var (at, age) in GaugeInstants())
        {
            Sample(text, "pyrra_requests:rate5m" + labels, 10, at);
        }
        text.Append("# TYPE pyrra_errors:rate5m gauge\n");
        foreach (var (at, age) in GaugeInstants())
        {
            var k = (int)((Now.ToUnixTimeSeconds() - 30 - at) / 60);
            var value = age switch
            {
                Age.Recent => k switch
                {
                    < 5 => 0.5,
                    < 60 => 0.1,
                    < 360 => 0.05,
                    _ => 0.02,
                },
                Age.SevenDays => 0.01,
                Age.TwentyEightDays => 0.001,
                _ => 5,
            };
            Sample(text, "pyrra_errors:rate5m" + labels, value, at);
        }
    }

    private enum Age
    {
        Recent,
        SevenDays,
        TwentyEightDays,
        Outside,
    }

    /// <summary>The gauges' sample instants (unix seconds), oldest first, with which stretch each is in.</summary>
    private static IEnumerable<(long At, Age Age)> GaugeInstants()
    {
        yield return (MinutesBefore(29 * Day), Age.Outside);
        for (var j = 0; j < 60; j++)
        {
            yield return (MinutesBefore(28 * Day) + 30 + (60 * j), Age.TwentyEightDays);
        }
        for (var j = 0; j < 60; j++)
        {
            yield return (MinutesBefore(7 * Day) + 30 + (60 * j), Age.SevenDays);
        }
        for (var k = DenseGaugeMinutes - 1; k >= 0; k--)
        {
            yield return (MinutesBefore(k) - 30, Age.Recent);
        }
    }

    private static long MinutesBefore(int k) => Now.ToUnixTimeSeconds() - (60L * k);

    private static void Sample(StringBuilder text, string series, double value, long at) =>
        text.Append(CultureInfo.InvariantCulture, $"{series} {value.ToString("R", CultureInfo.InvariantCulture)} {at}\n");
}
