using Bot.Core.Postmortems;
using Bot.MsTeams.Activities;
using Bot.MsTeams.Auth;
using Bot.MsTeams.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bot.MsTeams;

/// <summary>The Microsoft Teams adapter: on when <c>MsTeams:AppId</c> and <c>MsTeams:AppPassword</c> are set, off otherwise.</summary>
public static class MsTeamsExtensions
{
    /// <summary>
    /// Registers Teams as a chat platform when both credentials are set; with neither, registers nothing (Teams is
    /// off); with one alone, or a malformed value, the host fails at start naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddMsTeams(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MsTeamsOptions.SectionName);
        var configured = section.Get<MsTeamsOptions>() ?? new MsTeamsOptions();
        if (!configured.HasAppId && !configured.HasAppPassword)
        {
            return builder;
        }

        builder.Services.AddOptions<MsTeamsOptions>()
            .BindConfiguration(MsTeamsOptions.SectionName)
            .Validate(o => o.HasAppId, "MsTeams:AppId is not set but MsTeams:AppPassword is; set both to turn Microsoft Teams on, or neither to leave it off.")
            .Validate(o => o.HasAppPassword, "MsTeams:AppPassword is not set but MsTeams:AppId is; set both to turn Microsoft Teams on, or neither to leave it off.")
            .Validate(o => !o.HasAppId || Guid.TryParse(o.AppId, out _), "MsTeams:AppId must be the bot's Microsoft App ID, a GUID (the app registration's client id).")
            .Validate(o => IsHttpUrl(o.OpenIdMetadataUrl), "MsTeams:OpenIdMetadataUrl must be an absolute http(s) URL, e.g. https://login.botframework.com/v1/.well-known/openidconfiguration.")
            .Validate(o => o.TokenEndpoint is null || ConnectorUrls.IsAllowed(o.TokenEndpoint), "MsTeams:TokenEndpoint must be an https URL (plain http only on loopback), e.g. https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token.")
            .Validate(o => o.ServiceUrl is null || ConnectorUrls.IsAllowed(o.ServiceUrl), "MsTeams:ServiceUrl must be an https URL (plain http only on loopback), e.g. https://smba.trafficmanager.net/teams/.")
            .Validate(o => o.SigningKeyRefreshThrottle >= TimeSpan.Zero, "MsTeams:SigningKeyRefreshThrottle must not be negative.")
            .ValidateOnStart();
        if (!configured.IsConfigured)
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMsTeamsAuthentication();
        services.AddMsTeamsConnector();
        services.TryAddSingleton<IPostmortemEditor>(provider => provider.GetService<PostmortemActions>() ?? (IPostmortemEditor)NoPostmortemEditor.Instance);
        services.AddSingleton<IncidentForms>();
        services.AddSingleton<CommandMessages>();
        services.AddSingleton<CardActionInvokes>();
        services.AddSingleton<ActivityHandler>();
        return builder;
    }

    /// <summary>
    /// Maps <c>POST /api/messages</c>. With Teams off, it answers 404 with a problem naming the keys, so a bot
    /// registration pointed at a bot without them fails with a reason rather than a bare 404.
    /// </summary>
    public static IEndpointRouteBuilder MapMsTeamsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<ActivityHandler>() is null)
        {
            endpoints.MapPost("/api/messages", () => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Microsoft Teams is not configured",
                detail: "Microsoft Teams is not configured (MsTeams:AppId, MsTeams:AppPassword)."));
            return endpoints;
        }
        MsTeamsEndpoints.Map(endpoints);
        return endpoints;
    }

    private static bool IsHttpUrl(Uri? url) => url is { IsAbsoluteUri: true, Scheme: "https" or "http" };
}
