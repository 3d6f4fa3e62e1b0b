using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Slos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Prometheus;

/// <summary>
/// Reads an SLO's error ratios from Prometheus with one instant query (<c>GET /api/v1/query?query=…&amp;time=now</c>;
/// <see cref="SliQuery"/> says what it asks). A window Prometheus has no samples for (an empty result, or NaN from 0 ÷ 0)
/// is unknown; without the period's ratio there is no reading, only "no data" with the reason — as there is when
/// Prometheus is unreachable, slow, rejects the query or answers something else than its JSON. Never a wrong number.
/// </summary>
internal sealed class PrometheusSliReader(
    IHttpClientFactory httpClients,
    IOptions<PrometheusOptions> options,
    TimeProvider time,
    ILogger<PrometheusSliReader> logger) : IPrometheusSliReader
{
    /// <summary>The named HTTP client; its own timeout is off, as the reader bounds each query by <see cref="PrometheusOptions.Timeout"/>.</summary>
    public const string HttpClientName = "Prometheus";

    /// <summary>How far outside 0…1 a ratio may stray by floating-point rounding and still be taken (as 0 or 1).</summary>
    private const double Rounding = 1e-9;

    /// <summary>How much of a rejected query the reason quotes: enough for the parse error's position, which falls in the first window's part.</summary>
    private const int QuotedQueryLength = 300;

    private readonly PrometheusOptions _options = options.Value;
    private readonly Uri _baseUri = options.Value.BaseUri ?? throw new InvalidOperationException("Prometheus:BaseUrl must be an absolute http(s) URL.");

    public async Task<SliRead> ReadAsync(Slo slo, SloPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(period);
        if (!SliQuery.TryCreate(slo, period, now, out var query, out var problem))
        {
            return NoData(slo, problem, null);
        }

        var answer = await QueryAsync(query.Text, now, cancellationToken);
        if (answer.Failure is { } failure)
        {
            return NoData(slo, failure, query.Text);
        }

        var ratios = new double?[SliQuery.WindowKeys.Count];
        for (var i = 0; i < ratios.Length; i++)
        {
            var (ratio, invalid) = Ratio(answer.Samples!, SliQuery.WindowKeys[i]);
            if (invalid is not null)
            {
                return NoData(slo, invalid, query.Text);
            }
            ratios[i] = ratio;
        }
        var (periodRatio, periodInvalid) = Ratio(answer.Samples!, SliQuery.PeriodKey);
        if (periodInvalid is not null)
        {
            return NoData(slo, periodInvalid, query.Text);
        }
        if (periodRatio is not { } periodErrorRatio)
        {
            return NoData(slo, $"Prometheus has no samples for {query.Subject} over the period", query.Text);
        }
        return SliRead.Of(new SliReading(SliOrigin.Prometheus, now, periodErrorRatio, null, BurnWindows.Of(ratios)));
    }

    /// <summary>The ratio of one window: null without a sample (or NaN, ±Inf), or why the answer cannot be taken.</summary>
    private (double? Ratio, string? Invalid) Ratio(IReadOnlyDictionary<string, List<double>> samples, string key)
    {
        if (!samples.TryGetValue(key, out var values))
        {
            return (null, null);
        }
        var what = key == SliQuery.PeriodKey ? "the period" : key;
        if (values.Count > 1)
        {
            return (null, $"Prometheus at {_baseUri} answered {values.Count} series for the error ratio over {what}; the SLO's queries must aggregate to one (e.g. sum(rate(…)))");
        }
        var value = values[0];
        if (!double.IsFinite(value))
        {
            return (null, null);
        }
        if (value is < -Rounding or > 1 + Rounding)
        {
            return (null, string.Create(CultureInfo.InvariantCulture,
                $"Prometheus at {_baseUri} answered an error ratio of {value:G6} over {what}, outside 0…1; check the SLO's queries"));
        }
        return (Math.Clamp(value, 0, 1), null);
    }

    private async Task<Answer> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, QueryUri(query, at));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrWhiteSpace(_options.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken.Trim());
        }
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            JsonDocument json;
            try
            {
                json = await JsonDocument.ParseAsync(body, cancellationToken: linked.Token);
            }
            catch (JsonException)
            {
                return Answer.Failed(NotPrometheusJson(response));
            }
            using (json)
            {
                return Interpret(response.StatusCode, json.RootElement, query) ?? Answer.Failed(NotPrometheusJson(response));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer.Failed(string.Create(CultureInfo.InvariantCulture,
                $"Prometheus at {_baseUri} did not answer within {_options.Timeout.TotalSeconds:0.###} s"));
        }
        catch (IOException e)
        {
            // The connection broke while the answer was being read.
            return Answer.Failed($"Prometheus at {_baseUri} broke off its answer: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return Answer.Failed(e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
                ? $"Prometheus at {_baseUri} is unreachable: {Cause(e)}"
                : $"Prometheus at {_baseUri} failed to answer: {Cause(e)}");
        }
    }

    /// <summary>
    /// The samples of a successful vector answer by <see cref="SliQuery.WindowLabel"/>, Prometheus's error for a failed
    /// one, or null when the JSON is not the API's.
    /// </summary>
    private Answer? Interpret(HttpStatusCode status, JsonElement root, string query)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var outcome) || outcome.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        if (outcome.ValueEquals("error") || !IsSuccess(status))
        {
            var type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var error = root.TryGetProperty("error", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var detail = (type, error) switch
            {
                (not null, not null) => $"{type}: {error}",
                (null, not null) => error,
                (not null, null) => type,
                _ => $"HTTP {(int)status}",
            };
            return Answer.Failed($"Prometheus at {_baseUri} rejected the query '{Shorten(query)}': {detail}");
        }
        if (!outcome.ValueEquals("success")
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("resultType", out var resultType) || !data.TryGetProperty("result", out var result))
        {
            return null;
        }
        if (!resultType.ValueEquals("vector") || result.ValueKind != JsonValueKind.Array)
        {
            return Answer.Failed($"Prometheus at {_baseUri} answered a {resultType} where an instant vector was expected");
        }

        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var series in result.EnumerateArray())
        {
            if (series.ValueKind != JsonValueKind.Object
                || !series.TryGetProperty("metric", out var metric) || metric.ValueKind != JsonValueKind.Object
                || !series.TryGetProperty("value", out var point) || point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2
                || point[1].ValueKind != JsonValueKind.String || !TryParseValue(point[1].GetString()!, out var value))
            {
                return null;
            }
            var key = metric.TryGetProperty(SliQuery.WindowLabel, out var label) && label.ValueKind == JsonValueKind.String ? label.GetString()! : "";
            if (!samples.TryGetValue(key, out var values))
            {
                samples[key] = values = [];
            }
            values.Add(value);
        }
        return Answer.Of(samples);
    }

    /// <summary>Prometheus writes sample values as Go formats floats, with <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c>.</summary>
    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private string NotPrometheusJson(HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
        var status = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()})");
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "; check Prometheus:BearerToken" : "";
        return $"Prometheus at {_baseUri} answered {status} with {mediaType}, not Prometheus's JSON{hint}";
    }

    private Uri QueryUri(string query, DateTimeOffset at)
    {
        var instant = (at.ToUnixTimeMilliseconds() / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
        // Prometheus stops evaluating once the reader has given up waiting.
        var timeout = _options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new Uri(_baseUri, $"api/v1/query?query={Uri.EscapeDataString(query)}&time={instant}&timeout={timeout}");
    }

    private SliRead NoData(Slo slo, string reason, string? query)
    {
        logger.LogWarning("No SLI data from Prometheus for SLO {SloId}: {Reason} (query: {Query})", slo.Id, reason, query);
        return SliRead.NoData(reason);
    }

    /// <summary>The socket's own words ("Connection refused") where there is a socket error, else the exception's message.</summary>
    private static string Cause(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.Message;
            }
        }
        return e.Message;
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static string Shorten(string query) =>
        query.Length <= QuotedQueryLength ? query : string.Concat(query.AsSpan(0, QuotedQueryLength), "…");

    private sealed record Answer(IReadOnlyDictionary<string, List<double>>? Samples, string? Failure)
    {
        public static Answer Of(IReadOnlyDictionary<string, List<double>> samples) => new(samples, null);

        public static Answer Failed(string failure) => new(null, failure);
    }
}
