namespace Bot.Slack.Fake;

/// <summary>How the driver signs a request: correctly, or in one of the ways a forged or replayed request would be wrong.</summary>
public enum SignatureMode
{
    Valid,

    /// <summary>Signed, then one byte of the body changed.</summary>
    TamperedBody,

    /// <summary>Correctly signed with a timestamp 301 s old (Slack's window is 5 minutes).</summary>
    Stale,

    /// <summary>Signed with a different secret.</summary>
    WrongSecret,

    /// <summary>No signature headers at all.</summary>
    Missing,
}
