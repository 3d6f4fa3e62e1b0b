using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>
/// The checks of protocols B2 in their order, done with Microsoft.IdentityModel against the fake's published metadata:
/// a reference to show the driver's tokens are valid, and that each spoiled one breaks the rule it is named for.
/// Returns null for an accepted token, else the name of the first rule broken.
/// </summary>
internal static class BotFrameworkTokenCheck
{
    public static async Task<string?> FirstBrokenRuleAsync(Uri metadataUrl, string appId, string? authorization, JsonObject activity)
    {
        var parts = authorization?.Split(' ');
        if (parts is not [var scheme, var token] || scheme != "Bearer")
        {
            return "scheme";
        }
        var jwt = new JsonWebToken(token);
        if (jwt.Alg is not ("RS256" or "RS384" or "RS512"))
        {
            return "algorithm";
        }
        var retriever = new HttpDocumentRetriever { RequireHttps = false };
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl.ToString(), retriever, CancellationToken.None);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://api.botframework.com",
            ValidateAudience = false,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = configuration.SigningKeys,
        });
        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidIssuerException => "issuer",
                SecurityTokenExpiredException or SecurityTokenNotYetValidException => "lifetime",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "signature",
                var e => e.GetType().Name,
            };
        }
        // Endorsements are not in OpenIdConnectConfiguration.SigningKeys: read the raw JWKS, as EndorsementsRetriever does.
        var jwks = JsonNode.Parse(await retriever.GetDocumentAsync(configuration.JwksUri, CancellationToken.None))!;
        var key = jwks["keys"]!.AsArray().FirstOrDefault(k => k!["kid"]!.GetValue<string>() == jwt.Kid);
        if (key?["endorsements"]?.AsArray().Any(e => e!.GetValue<string>() == activity["channelId"]!.GetValue<string>()) != true)
        {
            return "endorsement";
        }
        if (!jwt.TryGetPayloadValue<string>("aud", out var audience) || audience != appId)
        {
            return "audience";
        }
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl) || serviceUrl != activity["serviceUrl"]!.GetValue<string>())
        {
            return "serviceurl";
        }
        return null;
    }
}
