namespace Bot.Core.Alerts;

/// <summary>Turns one source's webhook body into alerts, or throws <see cref="PayloadException"/> naming the JSON path at fault.</summary>
public interface IAlertPayloadParser
{
    /// <summary>The source name in <c>POST /api/alerts/{source}</c>.</summary>
    string Source { get; }

    AlertBatch Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt);
}
