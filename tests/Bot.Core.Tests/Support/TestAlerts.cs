using Bot.Core.Alerts;

namespace Bot.Core.Tests.Support;

internal static class TestAlerts
{
    public static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 15, 42, TimeSpan.Zero);

    public static IncomingAlert Firing(params (string Name, string Value)[] labels) => Firing(T0, labels);

    public static IncomingAlert Firing(DateTimeOffset startsAt, params (string Name, string Value)[] labels)
    {
        var map = labels.ToDictionary(l => l.Name, l => l.Value);
        return new IncomingAlert("alertmanager", AlertFingerprint.Compute(map), AlertStatus.Firing, map, new Dictionary<string, string>(),
            startsAt, null, AlertLinks.None, false, null);
    }

    public static IncomingAlert Resolved(this IncomingAlert alert, DateTimeOffset endsAt) =>
        alert with { Status = AlertStatus.Resolved, EndsAt = endsAt };
}
