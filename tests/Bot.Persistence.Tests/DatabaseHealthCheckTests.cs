using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Persistence.Tests;

/// <summary>The readiness check against PostgreSQL servers that are not there; needs no installed server.</summary>
public sealed class DatabaseHealthCheckTests
{
    [Fact]
    public async Task Check_PostgresPortClosed_ReportsUnhealthyWithProvider()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await CheckAsync(port, TimeSpan.FromSeconds(5));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("PostgreSQL", result.Data["provider"]);
        Assert.Contains("unreachable", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PostgresAcceptsButNeverAnswers_ReportsUnhealthyWhenItsTimeoutExpires()
    {
        // Connections complete in the listen backlog and then hear nothing: only the check's own timeout ends the wait
        // (Npgsql's connect timeout is 15 s, longer than the bound below).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var result = await CheckAsync(((IPEndPoint)silent.LocalEndpoint).Port, TimeSpan.FromMilliseconds(300));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("PostgreSQL did not answer within 0.3 s.", result.Description);
    }

    private static async Task<HealthCheckResult> CheckAsync(int port, TimeSpan timeout)
    {
        await using var database = BotDatabase.ForPostgres($"Host=127.0.0.1;Port={port};Username=bot;Database=bot;Timeout=15");
        var check = new DatabaseHealthCheck(database, Options.Create(new DatabaseOptions { HealthCheckTimeout = timeout }));
        return await check.CheckHealthAsync(new HealthCheckContext()).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
