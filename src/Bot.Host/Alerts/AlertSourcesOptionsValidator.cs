using Bot.Core.Alerts;
using Microsoft.Extensions.Options;

namespace Bot.Host.Alerts;

/// <summary>Checks <c>AlertSources</c> at start; every message names the key to fix.</summary>
internal sealed class AlertSourcesOptionsValidator(IConfiguration configuration) : IValidateOptions<AlertSourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertSourcesOptions options)
    {
        var errors = new List<string>();
        const string Section = AlertSourcesOptions.SectionName;
        if (options.MaxBodyBytes is < AlertSourcesOptions.MaxBodyBytesFloor or > AlertSourcesOptions.MaxBodyBytesCeiling)
        {
            errors.Add($"{Section}:MaxBodyBytes must be between {AlertSourcesOptions.MaxBodyBytesFloor} and {AlertSourcesOptions.MaxBodyBytesCeiling}, got {options.MaxBodyBytes}.");
        }

        // A misspelt source (AlertSources:alertmanger:Token) would otherwise leave the intended one off without a word.
        var known = AlertPayloadParsers.All.Select(parser => parser.Source).ToList();
        foreach (var child in configuration.GetSection(Section).GetChildren())
        {
            if (child.Key != nameof(AlertSourcesOptions.MaxBodyBytes) && !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{Section}:{child.Key} is not a known alert source; known sources: {string.Join(", ", known)}.");
            }
        }

        foreach (var source in known)
        {
            var settings = options.For(source)!;
            var prefix = $"{Section}:{source}";
            if (settings.IsOn && settings.Token!.Length < AlertSourcesOptions.MinimumSecretLength)
            {
                errors.Add($"{prefix}:Token must be at least {AlertSourcesOptions.MinimumSecretLength} characters, or unset to turn the source off.");
            }

            var signs = source == "grafana";
            if (!signs && (settings.RequiresSignature || !string.IsNullOrEmpty(settings.TimestampHeader)))
            {
                errors.Add($"{prefix}:HmacSecret and {prefix}:TimestampHeader are not used: only grafana signs its webhooks.");
                continue;
            }
            if (settings.RequiresSignature)
            {
                if (settings.HmacSecret!.Length < AlertSourcesOptions.MinimumSecretLength)
                {
                    errors.Add($"{prefix}:HmacSecret must be at least {AlertSourcesOptions.MinimumSecretLength} characters.");
                }
                if (!settings.IsOn)
                {
                    errors.Add($"{prefix}:HmacSecret is set but {prefix}:Token is not: the source stays off without its token.");
                }
                if (string.IsNullOrWhiteSpace(settings.SignatureHeader))
                {
                    errors.Add($"{prefix}:SignatureHeader must name a header (Grafana's default is {AlertSourceOptions.DefaultSignatureHeader}).");
                }
            }
            else if (!string.IsNullOrEmpty(settings.TimestampHeader))
            {
                errors.Add($"{prefix}:TimestampHeader is set but {prefix}:HmacSecret is not: the timestamp is only checked as part of the signature.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
