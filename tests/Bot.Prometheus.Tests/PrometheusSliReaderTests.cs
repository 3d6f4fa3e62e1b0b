using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Slos;
using Bot.Prometheus.Tests.Support;
using Bot.Testing;
using Microsoft.Extensions.Logging;

namespace Bot.Prometheus.Tests;

/// <summary>How the reader turns Prometheus's answers, and its failures, into a reading or "no data" with the reason.</summary>
public sealed class PrometheusSliReaderTests
{
    private const string BaseUrl = "http://prometheus.test:9090/";

    private static Task<SliRead> ReadAsync(PrometheusSliReader reader, Slo? slo = null, CancellationToken cancellationToken = default)
    {
        slo ??= Readers.OwnQueries();
        return reader.ReadAsync(slo, slo.Window.PeriodAt(Readers.Now), Readers.Now, cancellationToken);
    }

    [Fact]
    public async Task ReadAsync_EveryWindowAnswered_ReadingHasEachRatioAndThePeriod()
    {
        var prometheus = new StubPrometheus();
        prometheus.AnswerWith(("period", "0.0004"), ("7d", "0.0011"), ("1d", "0.002"), ("6h", "0.003"), ("1h", "0.0144"), ("5m", "0.05"));
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        var reading = Assert.IsType<SliReading>(read.Reading);
        Assert.Null(read.NoDataReason);
        Assert.Equal(SliOrigin.Prometheus, reading.Origin);
        Assert.Equal(Readers.Now, reading.At);
        Assert.Equal(0.0004, reading.PeriodErrorRatio);
        Assert.Null(reading.PeriodCounts);
        Assert.Null(reading.Estimate);
        Assert.Equal(new BurnWindows(0.05, 0.0144, 0.003, 0.002, 0.0011), reading.Windows);
    }

    [Fact]
    public async Task ReadAsync_WindowNaNOrMissingOrInfinite_ThatWindowIsUnknownNotZero()
    {
        var prometheus = new StubPrometheus();
        // 1h: 0 ÷ 0 (no requests in the hour); 6h: no series at all; 1d: x ÷ 0.
        prometheus.AnswerWith(("5m", "0"), ("1h", "NaN"), ("1d", "+Inf"), ("7d", "0.001"), ("period", "0.0005"));
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Equal(new BurnWindows(0, null, null, null, 0.001), read.Reading?.Windows);
        Assert.Equal(0.0005, read.Reading?.PeriodErrorRatio);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData(null)]
    public async Task ReadAsync_PeriodEmptyOrNaN_NoDataSayingPrometheusHasNoSamples(string? periodValue)
    {
        var prometheus = new StubPrometheus();
        prometheus.AnswerWith(periodValue is null ? [("5m", "0.01")] : [("5m", "0.01"), ("period", periodValue)]);
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal($"Prometheus has no samples for '{Readers.TotalQuery}' over the period", read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_EmptyVectorForSlothRules_NoDataNamingTheSeries()
    {
        var reader = Readers.Create(BaseUrl, new StubPrometheus());

        var read = await ReadAsync(reader, Readers.Slo(new SliDataSource.SlothRules("checkout-requests-availability")));

        Assert.Equal(
            "Prometheus has no samples for slo:sli_error:ratio_rate5m{sloth_id=\"checkout-requests-availability\"} over the period",
            read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_SeveralSeriesForOneWindow_NoDataRatherThanPickingOne()
    {
        var prometheus = new StubPrometheus();
        prometheus.AnswerWith(("5m", "0.01"), ("1h", "0.02"), ("1h", "0.5"), ("period", "0.001"));
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal(
            "Prometheus at http://prometheus.test:9090/ answered 2 series for the error ratio over 1h; the SLO's queries must aggregate to one (e.g. sum(rate(…)))",
            read.NoDataReason);
    }

    [Theory]
    [InlineData("1.25", "1h", "Prometheus at http://prometheus.test:9090/ answered an error ratio of 1.25 over 1h, outside 0…1; check the SLO's queries")]
    [InlineData("-0.02", "period", "Prometheus at http://prometheus.test:9090/ answered an error ratio of -0.02 over the period, outside 0…1; check the SLO's queries")]
    public async Task ReadAsync_RatioOutsideZeroToOne_NoDataRatherThanAWrongNumber(string value, string window, string reason)
    {
        var prometheus = new StubPrometheus();
        prometheus.AnswerWith(window == "period" ? [("period", value)] : [(window, value), ("period", "0.001")]);
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal(reason, read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_RatioOffByRounding_IsTakenAsZeroOrOne()
    {
        var prometheus = new StubPrometheus();
        // 1 − good/total where good = total comes out a hair below zero.
        prometheus.AnswerWith(("5m", "-2.220446049250313e-16"), ("1h", "1.0000000000000002"), ("period", "0"));
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Equal(0, read.Reading?.Windows.Last5m);
        Assert.Equal(1, read.Reading?.Windows.Last1h);
    }

    [Fact]
    public async Task ReadAsync_NothingListensOnThePort_NoDataSayingPrometheusIsUnreachable()
    {
        var port = ClosedLoopbackPort();
        using var sockets = new SocketsHttpHandler();
        var reader = Readers.Create($"http://127.0.0.1:{port}", sockets);

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal($"Prometheus at http://127.0.0.1:{port}/ is unreachable: Connection refused", read.NoDataReason);
    }

    [Theory]
    [InlineData(5.0, "Prometheus at http://prometheus.test:9090/ did not answer within 5 s")]
    [InlineData(2.5, "Prometheus at http://prometheus.test:9090/ did not answer within 2.5 s")]
    public async Task ReadAsync_NoAnswerWithinTheTimeout_NoDataSayingHowLongItWaited(double seconds, string reason)
    {
        var prometheus = new StubPrometheus
        {
            Answer = async (_, token) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
                throw new InvalidOperationException("unreachable");
            },
        };
        // The timeout is measured on the clock; its timers fire at once, so the test does not wait the seconds out.
        var reader = Readers.Create(BaseUrl, prometheus, timeout: TimeSpan.FromSeconds(seconds), time: new ManualClock(Readers.Now) { ImmediateTimers = true });

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal(reason, read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_CancellationPropagates()
    {
        var prometheus = new StubPrometheus
        {
            Answer = async (_, token) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
                throw new InvalidOperationException("unreachable");
            },
        };
        var reader = Readers.Create(BaseUrl, prometheus, timeout: TimeSpan.FromMinutes(5));
        using var caller = new CancellationTokenSource();

        var reading = ReadAsync(reader, cancellationToken: caller.Token);
        await prometheus.Received.WaitAsync(TimeSpan.FromSeconds(10));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task ReadAsync_QueryRejected_NoDataWithPrometheusErrorTypeAndMessage()
    {
        var prometheus = new StubPrometheus
        {
            Answer = (_, _) => Task.FromResult(StubPrometheus.Json(
                HttpStatusCode.BadRequest,
                """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:59: parse error: unexpected \"]\" in subquery selector, expected \")\""}""")),
        };
        var reader = Readers.Create(BaseUrl, prometheus);
        var slo = Readers.Slo(new SliDataSource.SlothRules("checkout"));

        var read = await ReadAsync(reader, slo);

        Assert.Null(read.Reading);
        var quoted = prometheus.Query[..300] + "…";
        Assert.Equal(
            $"Prometheus at http://prometheus.test:9090/ rejected the query '{quoted}': bad_data: invalid parameter \"query\": 1:59: parse error: unexpected \"]\" in subquery selector, expected \")\"",
            read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_ServerErrorWithPrometheusJson_NoDataWithItsError()
    {
        var prometheus = new StubPrometheus
        {
            Answer = (_, _) => Task.FromResult(StubPrometheus.Json(
                HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""")),
        };
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.EndsWith("': timeout: query timed out in expression evaluation", read.NoDataReason, StringComparison.Ordinal);
        Assert.StartsWith("Prometheus at http://prometheus.test:9090/ rejected the query '", read.NoDataReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "text/html", "<html>Grafana login</html>", "Prometheus at http://prometheus.test:9090/ answered HTTP 200 (OK) with text/html, not Prometheus's JSON")]
    [InlineData(HttpStatusCode.BadGateway, "text/plain", "upstream connect error", "Prometheus at http://prometheus.test:9090/ answered HTTP 502 (Bad Gateway) with text/plain, not Prometheus's JSON")]
    [InlineData(HttpStatusCode.Unauthorized, "text/plain", "Unauthorized", "Prometheus at http://prometheus.test:9090/ answered HTTP 401 (Unauthorized) with text/plain, not Prometheus's JSON; check Prometheus:BearerToken")]
    [InlineData(HttpStatusCode.OK, "application/json", """{"hello":"world"}""", "Prometheus at http://prometheus.test:9090/ answered HTTP 200 (OK) with application/json, not Prometheus's JSON")]
    [InlineData(HttpStatusCode.OK, "application/json", """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""", "Prometheus at http://prometheus.test:9090/ answered HTTP 200 (OK) with application/json, not Prometheus's JSON")]
    public async Task ReadAsync_AnswerIsNotPrometheusJson_NoDataSayingWhatCameBack(HttpStatusCode status, string mediaType, string body, string reason)
    {
        var prometheus = new StubPrometheus
        {
            Answer = (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }),
        };
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Null(read.Reading);
        Assert.Equal(reason, read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_ConnectionBreaksWhileTheAnswerIsRead_NoDataSayingSo()
    {
        var prometheus = new StubPrometheus
        {
            Answer = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) }),
        };
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Equal("Prometheus at http://prometheus.test:9090/ broke off its answer: connection reset by peer", read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_MatrixInsteadOfVector_NoDataSayingSo()
    {
        var prometheus = new StubPrometheus
        {
            Answer = (_, _) => Task.FromResult(StubPrometheus.Json(HttpStatusCode.OK, """{"status":"success","data":{"resultType":"matrix","result":[]}}""")),
        };
        var reader = Readers.Create(BaseUrl, prometheus);

        var read = await ReadAsync(reader);

        Assert.Equal("Prometheus at http://prometheus.test:9090/ answered a matrix where an instant vector was expected", read.NoDataReason);
    }

    [Fact]
    public async Task ReadAsync_NoData_LogsOneWarningWithTheSloIdAndReason()
    {
        var logs = new RecordingLoggerProvider();
        var port = ClosedLoopbackPort();
        using var sockets = new SocketsHttpHandler();
        var reader = Readers.Create($"http://127.0.0.1:{port}", sockets, logs: logs);

        var read = await ReadAsync(reader);

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("checkout-requests-availability", warning.Values["SloId"]);
        Assert.Equal(read.NoDataReason, warning.Values["Reason"]);
        Assert.Contains("label_replace(", (string?)warning.Values["Query"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Reading_LogsNoWarning()
    {
        var logs = new RecordingLoggerProvider();
        var prometheus = new StubPrometheus();
        prometheus.AnswerWith(("period", "0.001"));
        var reader = Readers.Create(BaseUrl, prometheus, logs: logs);

        var read = await ReadAsync(reader);

        Assert.NotNull(read.Reading);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>A loopback port that was free a moment ago, with nothing listening on it.</summary>
    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A response body that fails after its first bytes, as a connection reset mid-answer does.</summary>
    private sealed class BreakingStream : Stream
    {
        private bool _started;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_started)
            {
                throw new IOException("connection reset by peer");
            }
            _started = true;
            var head = "{\"status\":\"succ"u8;
            head.CopyTo(buffer.AsSpan(offset));
            return head.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
