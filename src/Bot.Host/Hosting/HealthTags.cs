namespace Bot.Host.Hosting;

/// <summary>Tags that sort health checks into the probes of <c>/health/*</c>.</summary>
internal static class HealthTags
{
    /// <summary>Checks that must pass before the bot takes traffic (<c>GET /health/ready</c>).</summary>
    public const string Ready = "ready";
}
