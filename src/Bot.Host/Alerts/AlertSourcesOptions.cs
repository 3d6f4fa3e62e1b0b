namespace Bot.Host.Alerts;

/// <summary>
/// The <c>AlertSources</c> section: how big a webhook body may be, and how each source proves who it is.
/// Keys are case-insensitive, so <c>AlertSources:alertmanager:Token</c> binds <see cref="Alertmanager"/>.
/// </summary>
internal sealed class AlertSourcesOptions
{
    public const string SectionName = "AlertSources";

    /// <summary>The default body limit: 1 MiB holds a few thousand alerts.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Bounds for <see cref="MaxBodyBytes"/>; the upper one stays under Kestrel's own 30 MB request limit.</summary>
    public const int MaxBodyBytesFloor = 1024;

    public const int MaxBodyBytesCeiling = 16 * 1024 * 1024;

    /// <summary>Shortest token or HMAC secret accepted, so that a placeholder like <c>changeme</c> fails at start.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>The largest webhook body accepted; larger ones are answered 413 without being parsed.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public AlertSourceOptions Alertmanager { get; set; } = new();

    public AlertSourceOptions Grafana { get; set; } = new();

    public AlertSourceOptions Generic { get; set; } = new();

    /// <summary>The settings of a source by its name in <c>POST /api/alerts/{source}</c>, or null for a name the bot does not know.</summary>
    public AlertSourceOptions? For(string source) => source.ToLowerInvariant() switch
    {
        "alertmanager" => Alertmanager,
        "grafana" => Grafana,
        "generic" => Generic,
        _ => null,
    };
}

/// <summary>One source's credentials: <c>AlertSources:&lt;name&gt;:*</c>. Secrets: set them from the environment.</summary>
internal sealed class AlertSourceOptions
{
    /// <summary>Grafana's default header for its HMAC signature.</summary>
    public const string DefaultSignatureHeader = "X-Grafana-Alerting-Signature";

    /// <summary>The bearer token the source must send. Unset or empty turns the source off (its webhooks are answered 401).</summary>
    public string? Token { get; set; }

    /// <summary>Grafana only: when set, the body must carry <c>hex(HMAC-SHA256(secret, body))</c> in <see cref="SignatureHeader"/>.</summary>
    public string? HmacSecret { get; set; }

    /// <summary>Grafana only: the header carrying the signature.</summary>
    public string SignatureHeader { get; set; } = DefaultSignatureHeader;

    /// <summary>Grafana only: the header carrying the timestamp that is signed with the body (<c>timestamp:body</c>), when Grafana is set to send one.</summary>
    public string? TimestampHeader { get; set; }

    public bool IsOn => !string.IsNullOrEmpty(Token);

    public bool RequiresSignature => !string.IsNullOrEmpty(HmacSecret);
}
