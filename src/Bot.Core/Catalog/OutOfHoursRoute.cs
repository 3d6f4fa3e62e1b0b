namespace Bot.Core.Catalog;

/// <summary>
/// The book's out-of-hours dispatch (Table 7.9): outside a team's coverage, an alert from <see cref="Region"/> goes to
/// <see cref="RotationId"/>, a rotation of whichever team covers that region out of hours.
/// </summary>
/// <param name="Region">The alert's region label, as the router reads it (<c>region</c>, else <c>location</c>), compared exactly.</param>
public sealed record OutOfHoursRoute(string Region, string RotationId);
