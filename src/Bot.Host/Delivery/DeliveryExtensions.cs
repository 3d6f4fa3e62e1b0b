namespace Bot.Host.Delivery;

/// <summary>The background loop that drives the delivery dispatcher, and its logs.</summary>
internal static class DeliveryExtensions
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder) => builder;
}
