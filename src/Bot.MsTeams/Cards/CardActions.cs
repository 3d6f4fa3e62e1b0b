namespace Bot.MsTeams.Cards;

/// <summary>
/// The contract between the cards the bot renders and the clicks it receives: a button is an <c>Action.Execute</c>
/// whose <c>verb</c> is the neutral <see cref="Bot.Core.Notifications.MessageAction.Id"/> and whose <c>data</c> names
/// its subject, <c>{"incidentId": 42}</c> on an incident card or <c>{"noticeId": 7}</c> on a notice card; its
/// <c>Action.Submit</c> fallback (older clients) carries <c>{"action": verb, "incidentId": 42}</c> (or
/// <c>"noticeId"</c>) and arrives as a message activity.
/// </summary>
internal static class CardActions
{
    public const string IncidentIdKey = "incidentId";
    public const string NoticeIdKey = "noticeId";
    public const string ActionKey = "action";
}
