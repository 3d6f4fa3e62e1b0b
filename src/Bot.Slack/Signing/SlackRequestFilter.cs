using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Slack.Signing;

/// <summary>
/// Guards every <c>/slack</c> endpoint: reads the raw body once (at most <see cref="MaxBodyBytes"/>, else 413), checks
/// Slack's signature over those bytes (401 and nothing processed otherwise), and leaves the bytes on the request as a
/// <see cref="SlackRequestBody"/> for the endpoint to parse. A slash-command URL check (<c>ssl_check=1</c>), which
/// Slack sends unsigned, is answered 200 with an empty body and nothing else.
/// </summary>
internal sealed class SlackRequestFilter(IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackRequestFilter> logger) : IEndpointFilter
{
    /// <summary>Slack's payloads are a few kilobytes; a megabyte is far beyond any of them.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var bytes = request.ContentLength > MaxBodyBytes ? null : await ReadBoundedAsync(request.Body, http.RequestAborted);
        if (bytes is null)
        {
            logger.LogWarning("Slack request to {Path} refused: the body is larger than {Limit} bytes", request.Path, MaxBodyBytes);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"Slack requests are at most {MaxBodyBytes} bytes.");
        }

        var body = new SlackRequestBody(bytes);
        if (request.HasFormContentType && body.Field("ssl_check") == "1")
        {
            return TypedResults.Ok();
        }

        var check = SlackSignature.Verify(
            options.Value.SigningSecret!,
            request.Headers[SlackSignature.TimestampHeader].ToString(),
            request.Headers[SlackSignature.SignatureHeader].ToString(),
            bytes,
            time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Slack request to {Path} refused: {Reason}", request.Path, check);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Not a valid Slack request",
                detail: $"Requests must carry {SlackSignature.TimestampHeader} (within 5 minutes of now) and an {SlackSignature.SignatureHeader} made with Slack:SigningSecret.");
        }

        http.Features.Set(body);
        return await next(context);
    }

    /// <summary>The whole body, or null as soon as it passes the limit (a chunked body has no Content-Length to check first).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
