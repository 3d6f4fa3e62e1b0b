namespace Bot.Host.Slos;

/// <summary>The <c>Sli</c> section: who may push SLI counts to <c>POST /api/sli/{slo}</c>.</summary>
internal sealed class SliPushOptions
{
    public const string SectionName = "Sli";

    /// <summary>Shortest token accepted, so that a placeholder like <c>changeme</c> fails at start.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token a push must carry. A secret: set it from the environment (<c>Sli__Token</c>). Unset turns
    /// pushing off (the endpoint answers 403).
    /// </summary>
    public string? Token { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Token);

    public static IEnumerable<string> Problems(SliPushOptions options)
    {
        if (options.IsConfigured && options.Token!.Length < MinimumTokenLength)
        {
            yield return $"Sli:Token must be at least {MinimumTokenLength} characters (it is a shared secret), got {options.Token.Length}.";
        }
    }
}
