namespace Bot.Host.Delivery;

/// <summary>The background loop that drives the delivery dispatcher, and its logs.</summary>
internal static class DeliveryExtensions
{
    /// <remarks>
    /// No health check: readiness must not fail because Slack or Teams is slow (the outbox holds the messages and
    /// the webhooks keep accepting alerts), and an informational check would show nowhere, since <c>/health/ready</c>
    /// runs only the checks that gate traffic. The logs carry every retry and failure with its destination.
    /// </remarks>
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DeliveryWorker>();
        return builder;
    }
}
