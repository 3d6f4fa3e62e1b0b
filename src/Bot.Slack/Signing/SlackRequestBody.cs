using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Bot.Slack.Signing;

/// <summary>
/// The raw body of a verified Slack request, read once by <see cref="SlackRequestFilter"/> (the signature covers the
/// exact bytes) and parsed from here afterwards, never by ASP.NET's own form or JSON binding.
/// </summary>
internal sealed class SlackRequestBody(byte[] bytes)
{
    private Dictionary<string, StringValues>? _form;

    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <summary>The body as <c>application/x-www-form-urlencoded</c> fields (<c>+</c> and <c>%XX</c> decoded).</summary>
    public IReadOnlyDictionary<string, StringValues> Form => _form ??= QueryHelpers.ParseQuery(Encoding.UTF8.GetString(Bytes.Span));

    public string? Field(string name) => Form.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;

    /// <summary>The body the filter stored on this request; endpoints under the <c>/slack</c> group always have one.</summary>
    public static SlackRequestBody Of(HttpContext http) =>
        http.Features.Get<SlackRequestBody>() ?? throw new InvalidOperationException("The Slack request body was not read by SlackRequestFilter.");
}
