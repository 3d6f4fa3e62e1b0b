using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using Bot.Host.Slos;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The console chat over HTTP: read a channel (a member's direct messages are the channel <c>dm:&lt;member id&gt;</c>),
/// type a command, press a button on an incident card or a notice. What a person would see only for themselves in
/// Slack (the reply to a command or button) is the HTTP answer; what everyone sees (the card edited in place, the
/// bot's thread replies) is in the channel, delivered like on any other platform.
/// </summary>
internal static class ConsoleEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly IReadOnlyList<string> IncidentActionIds = MessageActions.ActionIds;

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

    /// <summary>
    /// Runs the command grammar as the catalog member <c>user</c>, typed in <c>channel</c>. The answer to <c>status</c>
    /// also carries the report as JSON (<c>status</c>), in the shape of <c>GET /api/slo/status</c>.
    /// </summary>
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
        var status = reply.Status is { } report
            ? JsonSerializer.SerializeToElement(SloStatusResponse.From(report), json.Value.SerializerOptions)
            : (JsonElement?)null;
        return TypedResults.Ok(Answer(reply, catalog.Current) with { Status = status });
    }

    /// <summary>
    /// A button, as the catalog member <c>user</c>: on an incident card (acknowledge, resolve, start the postmortem), or
    /// on a notice (accept the handoff, take the cover), which also answers with the notice's body as it now stands.
    /// </summary>
    private static async Task<Results<Ok<ConsoleReply>, ValidationProblem, ProblemHttpResult>> RunAction(
        HttpRequest http,
        CatalogHolder catalog,
        MessageActions actions,
        NoticeActions noticeActions,
        INoticeStore notices,
        IConsoleChannelStore store,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var (request, unreadable) = await ReadAsync<ConsoleActionRequest>(http, json.Value, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }
        var errors = Missing(("channel", request?.Channel), ("user", request?.User), ("action", request?.Action));
        errors.AddRange(TargetErrors(request, noticeActions, http.HttpContext.RequestServices.GetServices<INoticeAction>()));
        if (errors.Count > 0)
        {
            return Invalid([.. errors]);
        }

        var channel = request!.Channel!;
        var action = request.Action!;
        var context = ContextFor(catalog.Current, channel, request.User!);
        if (noticeActions.Handles(action))
        {
            long noticeId;
            if (request.MessageId is { } noticeMessageId)
            {
                if (await SubjectShownByAsync(store, channel, noticeMessageId, cancellationToken) is not { Kind: SubjectKind.Notice } shown)
                {
                    return NotFound("No such notice message", $"Message {noticeMessageId} is not a notice message in console channel '{channel}'.");
                }
                noticeId = shown.Id;
            }
            else
            {
                noticeId = request.NoticeId!.Value;
                if (await notices.FindAsync(noticeId, cancellationToken) is null)
                {
                    return NotFound("No such notice", $"There is no notice {noticeId}.");
                }
            }
            var result = await noticeActions.RunAsync(action, noticeId, context, cancellationToken);
            var body = result.Message is { } message ? ConsoleMessageBody.ToElement(ConsoleMessageBody.Notice(message)) : (JsonElement?)null;
            return TypedResults.Ok(Answer(result.Reply, catalog.Current, body));
        }

        var incidentId = request.IncidentId;
        if (request.MessageId is { } messageId)
        {
            if (await SubjectShownByAsync(store, channel, messageId, cancellationToken) is not { Kind: SubjectKind.Incident } shown)
            {
                return NotFound("No such incident message", $"Message {messageId} is not an incident message in console channel '{channel}'.");
            }
            incidentId = shown.Id;
        }
        var reply = await actions.RunAsync(action, incidentId!.Value, context, cancellationToken);
        return TypedResults.Ok(Answer(reply, catalog.Current));
    }

    /// <summary>
    /// What is wrong with the action's id and the subject it names: an incident button takes exactly one of
    /// <c>messageId</c> and <c>incidentId</c>, a notice button exactly one of <c>messageId</c> and <c>noticeId</c>; with
    /// no known action, exactly one of the three.
    /// </summary>
    private static IEnumerable<(string Field, string Error)> TargetErrors(
        ConsoleActionRequest? request, NoticeActions noticeActions, IEnumerable<INoticeAction> noticeButtons)
    {
        var action = request?.Action;
        var given = new[] { request?.MessageId, request?.IncidentId, request?.NoticeId }.Count(id => id is not null);
        if (request?.NoticeId is <= 0)
        {
            yield return ("noticeId", $"noticeId must be a positive number, got {request.NoticeId}.");
        }
        if (noticeActions.Handles(action))
        {
            if (request!.IncidentId is not null)
            {
                yield return ("incidentId", $"'{action}' is a notice button: name the notice by noticeId or by its messageId, not by incidentId.");
            }
            else if (given != 1)
            {
                yield return ("messageId", "give exactly one of messageId (the notice's id in the channel) and noticeId.");
            }
        }
        else if (MessageActions.Handles(action))
        {
            if (request!.NoticeId is not null)
            {
                yield return ("noticeId", $"'{action}' is an incident button: name the incident by incidentId or by its card's messageId, not by noticeId.");
            }
            else if (given != 1)
            {
                yield return ("messageId", "give exactly one of messageId (the incident card's id in the channel) and incidentId.");
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(action))
            {
                string[] known = [.. IncidentActionIds, .. noticeButtons.Select(b => b.ActionId).Distinct(StringComparer.Ordinal)];
                yield return ("action", $"'{action}' is not an action; use one of: {string.Join(", ", known)}.");
            }
            if (given != 1)
            {
                yield return ("messageId", "give exactly one of messageId (the message's id in the channel), incidentId (for an incident button) and noticeId (for a notice button).");
            }
        }
    }

    private static CommandContext ContextFor(ServiceCatalog catalog, string channel, string user) =>
        CommandContext.For(catalog, ChatPlatform.Console, user, null, new ChatDestination(ChatPlatform.Console, channel).Key, ActionSource.Console);

    /// <summary>The answer to the person who asked; a mention in the reply reads <c>@memberId</c>, as in the channel.</summary>
    private static ConsoleReply Answer(CommandReply reply, ServiceCatalog catalog, JsonElement? body = null) =>
        new(reply.Succeeded, ConsoleMessageBody.Text(ChatText.Of(reply.Text, catalog)), body);

    /// <remarks>The store lists a channel but cannot fetch one message; a console channel is small enough to scan.</remarks>
    private static async Task<MessageSubject?> SubjectShownByAsync(IConsoleChannelStore store, string channel, long messageId, CancellationToken cancellationToken)
    {
        var messages = await store.ListAsync(channel, int.MaxValue, cancellationToken);
        return messages.FirstOrDefault(m => m.Id == messageId) is { ThreadId: null } message ? ConsoleMessageBody.SubjectOf(message.Body) : null;
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

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
