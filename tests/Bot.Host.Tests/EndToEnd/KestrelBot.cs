using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Bot.Host.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>The host in this process, but on a real loopback socket: requests cross real HTTP.</summary>
internal sealed class KestrelBot : IDisposable
{
    private readonly BotApplicationFactory _factory;

    public KestrelBot(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        _factory = new BotApplicationFactory(configureServices: configureServices, settings: settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Alerts = new HttpClient { BaseAddress = address };
        Alerts.DefaultRequestHeaders.Authorization = new("Bearer", BotApplicationFactory.AlertSourceTokens["alertmanager"]);
        Api = new HttpClient { BaseAddress = address };
    }

    /// <summary>Sends the Alertmanager source's token.</summary>
    public HttpClient Alerts { get; }

    public HttpClient Api { get; }

    public IServiceProvider Services => _factory.Services;

    public async Task<HttpResponseMessage> PostAlertmanagerAsync(string json) =>
        await Alerts.PostAsync(new Uri("/api/alerts/alertmanager", UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public async Task<List<JsonElement>> IncidentsAsync(string query = "") =>
        [.. (await Api.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents{query}", UriKind.Relative))).EnumerateArray()];

    public async Task<List<JsonElement>> ChannelAsync(string channel) =>
        [.. (await Api.GetFromJsonAsync<JsonElement>(new Uri($"/api/console/channels/{channel}/messages?limit=1000", UriKind.Relative))).EnumerateArray()];

    public static async Task Until(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"Gave up after {seconds} s waiting for {what}.");
            }
            await Task.Delay(25);
        }
    }

    public void Dispose()
    {
        Alerts.Dispose();
        Api.Dispose();
        _factory.Dispose();
    }
}
