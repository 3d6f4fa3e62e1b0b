using Bot.Core.Commands;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// A notice button for console tests, standing in for the real use cases (accept a handoff, take a cover): the first
/// click takes the notice (good tone, no buttons), edits every copy and replies in each thread mentioning the clicker
/// and the notice's requester; later clicks say who took it. It records who clicked, as the console told it.
/// </summary>
internal sealed class TakeNoticeAction(INoticeStore notices, TimeProvider time) : INoticeAction
{
    public static MessageAction Button { get; } = new("test.take", "Take it");

    /// <summary>The member the test notices mention as the one who asked.</summary>
    public const string Requester = "ana";

    private readonly List<CommandContext> _clicks = [];

    public string ActionId => Button.Id;

    public IReadOnlyList<CommandContext> Clicks
    {
        get
        {
            lock (_clicks)
            {
                return [.. _clicks];
            }
        }
    }

    /// <summary>Registers the action (and the notice button the console then accepts) in the host.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<TakeNoticeAction>();
        services.AddSingleton<INoticeAction>(provider => provider.GetRequiredService<TakeNoticeAction>());
    }

    /// <summary>An open notice of team payments with the button, as a use case would store it.</summary>
    public static Notice OpenNotice(string dedupKey, DateTimeOffset at) => new(
        0,
        NoticeKind.CoverRequest,
        "payments",
        null,
        dedupKey,
        NoticeState.Open,
        "{}",
        new NoticeMessage(
            0,
            1,
            NoticeTone.Attention,
            "Cover wanted: Payments primary",
            $"{ChatText.Mention(Requester)} asks for cover on Tuesday.",
            [new MessageField("From", MessageField.Utc(at.AddDays(1)), at.AddDays(1))],
            [new NoticeSection("Why", ["Dentist appointment"])],
            [Button]),
        1,
        at);

    public async Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken)
    {
        lock (_clicks)
        {
            _clicks.Add(context);
        }
        var by = context.By.Id;
        var taken = await notices.WriteAsync(
            async session =>
            {
                var current = await session.FindAsync(notice.Id, cancellationToken);
                if (current is not { State: NoticeState.Open })
                {
                    return (Took: false, current?.TakenBy);
                }
                var version = current.Version + 1;
                await session.SaveAsync(
                    current with
                    {
                        State = NoticeState.Taken,
                        TakenBy = by,
                        TakenAt = time.GetUtcNow(),
                        Version = version,
                        Message = current.Message with
                        {
                            Version = version,
                            Tone = NoticeTone.Good,
                            Summary = $"Taken by {ChatText.Mention(by)}.",
                            Actions = [],
                        },
                    },
                    cancellationToken);
                await session.EnqueueReplyAsync(notice.Id, $"{ChatText.Mention(by)} covers for {ChatText.Mention(Requester)}.", null, cancellationToken);
                return (Took: true, TakenBy: by);
            },
            cancellationToken);
        return taken.Took
            ? new CommandReply(true, $"You took it, {ChatText.Mention(by)}.")
            : new CommandReply(false, $"Already taken by {(taken.TakenBy is { } who ? ChatText.Mention(who) : "nobody")}.");
    }
}
