namespace Bot.MsTeams.Fake;

/// <summary>
/// How the driver spoils the Bot Framework token on a request (protocols B2 and C2). Each one breaks exactly one rule a
/// bot must check; every other part of the token stays valid. A bot must answer each with 401 or 403 and do nothing.
/// </summary>
public enum TokenFault
{
    /// <summary>A valid token.</summary>
    None,

    /// <summary><c>aud</c> is another app's id.</summary>
    WrongAudience,

    /// <summary><c>iss</c> is an Entra tenant (<c>https://sts.windows.net/{tid}/</c>), not <c>https://api.botframework.com</c>.</summary>
    WrongIssuer,

    /// <summary><c>exp</c> 10 minutes ago, beyond the 5-minute clock skew.</summary>
    Expired,

    /// <summary><c>nbf</c> 10 minutes ahead, beyond the 5-minute clock skew.</summary>
    NotYetValid,

    /// <summary>Signed by a key the JWKS does not hold, under the <c>kid</c> of one it does.</summary>
    BadSignature,

    /// <summary>Signed by a key the JWKS does not hold, under its own <c>kid</c>: even a refreshed JWKS lacks it.</summary>
    UnknownKeyId,

    /// <summary>Signed by a published key whose endorsements lack <c>msteams</c>.</summary>
    UnendorsedKey,

    /// <summary>The <c>serviceurl</c> claim names another service URL than the activity's.</summary>
    ServiceUrlMismatch,

    /// <summary>No <c>serviceurl</c> claim.</summary>
    ServiceUrlMissing,

    /// <summary>No <c>Authorization</c> header at all.</summary>
    MissingAuthorization,

    /// <summary>A valid token under the <c>Basic</c> scheme instead of <c>Bearer</c>.</summary>
    NonBearerScheme,

    /// <summary>An unsigned token: <c>alg: none</c> and an empty signature.</summary>
    AlgNone,

    /// <summary>HS256, keyed with the current RSA public key (the key-confusion attack).</summary>
    Hs256,
}
