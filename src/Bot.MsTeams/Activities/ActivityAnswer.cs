using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Activities;

/// <summary>
/// The HTTP answer to an activity (protocols.md B1, B4): 200 with an empty body for everything but invokes; an
/// invoke's status and body (<see cref="InvokeResponse"/>) as botbuilder's <c>CloudAdapter</c> writes them.
/// </summary>
internal sealed record ActivityAnswer(int StatusCode, InvokeResponse? Body = null)
{
    public static ActivityAnswer Accepted { get; } = new(200);

    /// <summary>An invoke name this bot has no handler for, as botbuilder's <c>OnInvokeActivityAsync</c> answers.</summary>
    public static ActivityAnswer NotImplemented { get; } = new(501);

    public static ActivityAnswer Invoke(InvokeResponse body) => new(body.StatusCode, body);
}
