using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The console chat over HTTP: read a channel, type a command, press a button on an incident card. What a person
/// would see only for themselves in Slack (the reply to a command or button) is the HTTP answer; what everyone sees
/// (the card edited in place, the bot's thread replies) is in the channel, delivered like on any other platform.
/// </summary>
internal static class ConsoleEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] ActionIds = [MessageAction.Acknowledge.Id, MessageAction.Resolve.Id, MessageAction.StartPostmortem.Id];

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var console = endpoints.MapGroup("/api/console").WithTags("Console").AddEndpointFilter<ConsoleAccessFilter>();
        console.MapGet("/channels/{name}/messages", GetMessages);
        console.MapPost("/commands", RunCommand);
        console.MapPost("/actions", RunAction);
        return endpoints;
    }

    /// <summary>The channel's newest messages, oldest first; a channel nobody has posted to is empty.</summary>
    private static async Task<Results<Ok<ConsoleMessageResponse[]>, ValidationProblem>> GetMessages(
        string name, int? limit, IConsoleChannelStore store, CancellationToken cancellationToken)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            return Invalid(("limit", $"limit must be between 1 and {MaxLimit}, got {take}."));
        }
        var messages = await store.ListAsync(name, take, cancellationToken);
        return TypedResults.Ok(messages.Select(ConsoleMessageResponse.From).ToArray());
    }

    /// <summary>Runs the command grammar as the catalog member <c>user</c>, typed in <c>channel</c>.</summary>
    private static async Task<Results<Ok<ConsoleReply>, ValidationProblem>> RunCommand(
        HttpRequest http, CatalogHolder catalog, CommandHandler commands, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await ReadAsync<ConsoleCommandRequest>(http, json.Value, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }
        var errors = Missing(("channel", request?.Channel), ("user", request?.User), ("text", request?.Text));
        if (errors.Count > 0)
        {
            return Invalid([.. errors]);
        }
        var context = ContextFor(catalog.Current, request!.Channel!, request.User!);
        var reply = await commands.HandleAsync(request.Text, context, cancellationToken);
        return TypedResults.Ok(new ConsoleReply(reply.Succeeded, reply.Text));
    }

    /// <summary>A button on an incident card: acknowledge, resolve or start the postmortem, as the catalog member <c>user</c>.</summary>
    private static async Task<Results<Ok<ConsoleReply>, ValidationProblem, ProblemHttpResult>> RunAction(
        HttpRequest http, CatalogHolder catalog, MessageActions actions, IConsoleChannelStore store, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await ReadAsync<ConsoleActionRequest>(http, json.Value, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }
        var errors = Missing(("channel", request?.Channel), ("user", request?.User), ("action", request?.Action));
        if (request?.Action is { Length: > 0 } action && !ActionIds.Contains(action, StringComparer.Ordinal))
        {
            errors.Add(("action", $"'{action}' is not an action; use one of: {string.Join(", ", ActionIds)}."));
        }
        if (request?.MessageId is null == request?.IncidentId is null)
        {
            errors.Add(("messageId", "give exactly one of messageId (the incident card's id in the channel) and incidentId."));
        }
        if (errors.Count > 0)
        {
            return Invalid([.. errors]);
        }

        var channel = request!.Channel!;
        var incidentId = request.IncidentId;
        if (request.MessageId is { } messageId)
        {
            incidentId = await IncidentShownByAsync(store, channel, messageId, cancellationToken);
            if (incidentId is null)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "No such incident message",
                    detail: $"Message {messageId} is not an incident message in console channel '{channel}'.");
            }
        }

        var reply = await actions.RunAsync(request.Action!, incidentId!.Value, ContextFor(catalog.Current, channel, request.User!), cancellationToken);
        return TypedResults.Ok(new ConsoleReply(reply.Succeeded, reply.Text));
    }

    private static CommandContext ContextFor(ServiceCatalog catalog, string channel, string user) =>
        CommandContext.For(catalog, ChatPlatform.Console, user, null, new ChatDestination(ChatPlatform.Console, channel).Key, ActionSource.Console);

    /// <remarks>The store lists a channel but cannot fetch one message; a console channel is small enough to scan.</remarks>
    private static async Task<long?> IncidentShownByAsync(IConsoleChannelStore store, string channel, long messageId, CancellationToken cancellationToken)
    {
        var messages = await store.ListAsync(channel, int.MaxValue, cancellationToken);
        return messages.FirstOrDefault(m => m.Id == messageId) is { ThreadId: null } message ? ConsoleMessageBody.IncidentIdOf(message.Body) : null;
    }

    /// <summary>
    /// Reads the JSON body here rather than by parameter binding, so that malformed JSON or a value of the wrong type is
    /// a 400 naming the field in every environment (binding throws in Development, which the host reports as 500).
    /// An empty body reads as null, and then every required field is reported missing.
    /// </summary>
    private static async Task<(T? Request, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest http, JsonOptions json, CancellationToken cancellationToken)
        where T : class
    {
        using var body = new MemoryStream();
        await http.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0)
        {
            return (null, null);
        }
        body.Position = 0;
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(body, json.SerializerOptions, cancellationToken), null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) && path.IndexOfAny(['.', '['], 2) < 0 ? path[2..] : "body";
            return (null, Invalid((field, $"{field} could not be read: {e.Message}")));
        }
    }

    private static List<(string Field, string Error)> Missing(params (string Field, string? Value)[] fields) =>
        [.. fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => (f.Field, $"{f.Field} is required."))];

    private static ValidationProblem Invalid(params (string Field, string Error)[] errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Error).ToArray()),
            detail: string.Join(" ", errors.Select(e => e.Error)));
}
