namespace Bot.Host.Admin;

/// <summary>The <c>Admin</c> section: access to the operator endpoints (catalog reload).</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>Shortest token accepted, so that a placeholder like <c>changeme</c> fails at start.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token admin requests must carry. A secret: set it from the environment (<c>Admin__Token</c>).
    /// Unset or empty turns the admin endpoints off (they answer 403).
    /// </summary>
    public string? Token { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Token);
}
