using Bot.Core.Postmortems;
using Bot.Core.Delivery;
using Bot.Slack.Api;
using Bot.Slack.Commands;
using Bot.Slack.Events;
using Bot.Slack.Interactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Slack;

/// <summary>The Slack adapter: on when <c>Slack:SigningSecret</c> and <c>Slack:BotToken</c> are set, off otherwise.</summary>
public static class SlackExtensions
{
    /// <summary>How long a Web API call may take before the delivery is retried later.</summary>
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers Slack as a chat platform when both secrets are set; with neither, registers nothing (Slack is off);
    /// with one alone, the host fails at start naming the missing key.
    /// </summary>
    public static IHostApplicationBuilder AddSlack(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SlackOptions.SectionName);
        var configured = section.Get<SlackOptions>() ?? new SlackOptions();
        if (!configured.HasSigningSecret && !configured.HasBotToken)
        {
            return builder;
        }

        builder.Services.AddOptions<SlackOptions>()
            .BindConfiguration(SlackOptions.SectionName)
            .Validate(o => o.HasSigningSecret, "Slack:SigningSecret is not set but Slack:BotToken is; set both to turn Slack on, or neither to leave it off.")
            .Validate(o => o.HasBotToken, "Slack:BotToken is not set but Slack:SigningSecret is; set both to turn Slack on, or neither to leave it off.")
            .Validate(o => o.ApiBaseUrl is { IsAbsoluteUri: true, Scheme: "https" or "http" }, "Slack:ApiBaseUrl must be an absolute http(s) URL, e.g. https://slack.com/api/.")
            .ValidateOnStart();
        if (!configured.IsConfigured)
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SlackApiClient.HttpClientName, (provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
            http.BaseAddress = options.ApiBase;
            http.DefaultRequestHeaders.Authorization = new("Bearer", options.BotToken);
            http.Timeout = ApiTimeout;
        });
        services.AddHttpClient(SlackResponseUrl.HttpClientName, http => http.Timeout = ApiTimeout);
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackResponseUrl>();
        services.AddSingleton<SlackBackgroundWork>();
        services.AddHostedService(provider => provider.GetRequiredService<SlackBackgroundWork>());
        services.AddSingleton<SlashCommands>();
        services.AddSingleton<IBlockActionHandler, AcknowledgeButton>();
        services.AddSingleton<IBlockActionHandler, ResolveButton>();
        services.TryAddSingleton<IPostmortemEditor>(provider => provider.GetService<PostmortemActions>() ?? (IPostmortemEditor)NoPostmortemEditor.Instance);
        services.AddSingleton<PostmortemModals>();
        services.AddSingleton<IBlockActionHandler, PostmortemButton>();
        services.AddSingleton<IBlockActionHandler, PriorityMenu>();
        services.AddSingleton<IBlockActionHandler, SeverityMenu>();
        services.AddSingleton<PostmortemSubmissions>();
        services.AddSingleton<PostmortemEditCommand>();
        services.AddSingleton<IBlockActionHandler, CoordinateButton>().AddSingleton<IBlockActionHandler, CommunicateButton>();
        services.AddSingleton<NoticeButtons>();
        services.AddSingleton<BlockActions>();
        services.AddSingleton<AppMentions>();
        services.AddSingleton<SlackChatChannel>();
        services.AddSingleton<IChatChannel>(provider => provider.GetRequiredService<SlackChatChannel>());
        return builder;
    }

    /// <summary>
    /// Maps <c>POST /slack/commands</c>, <c>/slack/interactions</c> and <c>/slack/events</c>. With Slack off, every
    /// <c>/slack/…</c> request answers 404 with a problem naming the keys, so a Slack app pointed at a bot without
    /// them fails with a reason in the bot's answer rather than a bare 404.
    /// </summary>
    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var slack = endpoints.MapGroup("/slack").WithTags("Slack");
        if (endpoints.ServiceProvider.GetService<SlackChatChannel>() is null)
        {
            slack.Map("/{**path}", () => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Slack is not configured",
                detail: "Slack is not configured (Slack:SigningSecret, Slack:BotToken)."));
            return endpoints;
        }
        SlackEndpoints.Map(slack);
        return endpoints;
    }
}
