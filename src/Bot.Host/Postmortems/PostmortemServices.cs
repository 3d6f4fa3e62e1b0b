using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Postmortems;
using Bot.Core.Scheduling;
using Bot.Host.Incidents;

namespace Bot.Host.Postmortems;

public static class PostmortemServices
{
    /// <summary>
    /// Postmortems from templates (<c>Postmortems:TemplatesPath</c>, every template read and checked at start-up), the
    /// <c>postmortem</c> verb, the overdue lines of <c>status &lt;team&gt;</c>, and the <c>postmortem-sweep</c> timer that
    /// sends the timeliness reminders. Call after <c>AddPersistence()</c>, <c>AddScheduling()</c> and <c>AddIncidents()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPostmortems(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var contentRoot = builder.Environment.ContentRootPath;
        IncidentsExtensions.AddValidatedOptions<PostmortemOptions>(builder, "Postmortems", (section, options) => section.Bind(options), options => Problems(options, contentRoot));
        var services = builder.Services;
        services.AddSingleton(provider => new PostmortemTemplates(Path.Combine(contentRoot, provider.GetRequiredService<PostmortemOptions>().TemplatesPath)));

        // Committed changes go out at once: the store wakes delivery after each write, as the incident and notice stores do.
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IPostmortemStore))
            ?? throw new InvalidOperationException("IPostmortemStore must be registered (AddPersistence) before AddPostmortems.");
        services.Remove(store);
        services.AddSingleton<IPostmortemStore>(provider => new SignallingPostmortemStore(
            (IPostmortemStore)(store.ImplementationInstance
                ?? store.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, store.ImplementationType!)),
            provider.GetRequiredService<IDeliverySignal>()));

        services.AddSingleton<PostmortemActions>();
        services.AddSingleton<PostmortemReminders>();
        services.AddSingleton<ICommandFamily, PostmortemCommands>();
        services.AddSingleton<ITeamStatusSection, PostmortemStatusSection>();
        services.AddSingleton<ITimerSource, PostmortemSweepTimerSource>();
        services.AddSingleton<ITimerHandler, PostmortemSweepTimerHandler>();
        return builder;
    }

    /// <summary>What is wrong with the <c>Postmortems</c> section, each naming its key; a template's problems name its file and line.</summary>
    internal static IEnumerable<string> Problems(PostmortemOptions options, string contentRoot)
    {
        if (!options.PublicBaseUrl.IsAbsoluteUri || options.PublicBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return $"Postmortems:PublicBaseUrl must be an absolute http(s) URL where people reach the bot, e.g. https://slo-bot.example.com; got '{options.PublicBaseUrl}'.";
        }
        if (options.StartReminderAfter <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Postmortems:StartReminderAfter must be positive (e.g. 1.00:00:00), got {options.StartReminderAfter}.");
        }
        if (options.MeetingDueAfter <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Postmortems:MeetingDueAfter must be positive (e.g. 3.00:00:00), got {options.MeetingDueAfter}.");
        }
        if (options.SweepInterval < TimeSpan.FromMinutes(1) || options.SweepInterval > TimeSpan.FromDays(1))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Postmortems:SweepInterval must be between 1 minute and 1 day (e.g. 00:15:00), got {options.SweepInterval}.");
        }
        if (options.TrackFor < options.MeetingDueAfter)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Postmortems:TrackFor must be at least Postmortems:MeetingDueAfter ({options.MeetingDueAfter}), got {options.TrackFor}.");
        }
        if (string.IsNullOrWhiteSpace(options.TemplatesPath))
        {
            yield return "Postmortems:TemplatesPath must name a folder (e.g. manifests/templates).";
            yield break;
        }
        foreach (var problem in PostmortemTemplates.Problems(Path.Combine(contentRoot, options.TemplatesPath), options.TemplatesPath))
        {
            yield return $"Postmortems:TemplatesPath: {problem}";
        }
    }
}
