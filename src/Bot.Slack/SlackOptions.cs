namespace Bot.Slack;

/// <summary>
/// The <c>Slack</c> configuration section. Slack is on when both <see cref="SigningSecret"/> and <see cref="BotToken"/>
/// are set, off when neither is; one without the other stops the host at start, naming the missing key.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "Slack";

    /// <summary>The app's signing secret (Basic Information → App Credentials); every request from Slack is checked against it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot user OAuth token (<c>xoxb-…</c>) the Web API calls carry.</summary>
    public string? BotToken { get; set; }

    /// <summary>Where the Web API lives; tests point it at a fake Slack.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>How the bot names itself in messages; defaults to "SLO Bot".</summary>
    public string? AppName { get; set; }

    internal bool HasSigningSecret => !string.IsNullOrWhiteSpace(SigningSecret);

    internal bool HasBotToken => !string.IsNullOrWhiteSpace(BotToken);

    internal bool IsConfigured => HasSigningSecret && HasBotToken;

    internal string DisplayName => string.IsNullOrWhiteSpace(AppName) ? "SLO Bot" : AppName;

    /// <summary>The base URL with the trailing slash that relative method names need.</summary>
    internal Uri ApiBase => ApiBaseUrl.OriginalString.EndsWith('/') ? ApiBaseUrl : new Uri(ApiBaseUrl.OriginalString + "/");
}
