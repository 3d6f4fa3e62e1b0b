using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

/// <summary>The transaction helpers and timestamp mapping every repository relies on.</summary>
public abstract class BotDatabaseTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    [DatabaseFact]
    public async Task WriteAsync_WorkThrows_RollsBackEverything()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Database.WriteAsync(
            async session =>
            {
                await session.ExecuteAsync("INSERT INTO console_messages (channel, body, posted_at) VALUES ('ops', 'x', @at)", new { at = DateTimeOffset.UnixEpoch });
                throw new InvalidOperationException("boom");
            },
            CancellationToken.None));

        Assert.Equal(0L, await CountAsync("console_messages"));
    }

    [DatabaseFact]
    public async Task WriteAsync_CalledInsideAnotherWrite_FailsInsteadOfDeadlocking()
    {
        var nested = Database.WriteAsync(
            session => Database.WriteAsync(inner => inner.ExecuteAsync("SELECT 1"), CancellationToken.None),
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => nested.WaitAsync(Patience));
        Assert.Contains("inside another WriteAsync", error.Message, StringComparison.Ordinal);

        // The gate was released: the next write goes through.
        await Database.WriteAsync(session => session.ExecuteAsync("SELECT 1"), CancellationToken.None).WaitAsync(Patience);
    }

    [DatabaseFact]
    public async Task ReadAsync_DuringAnUncommittedWrite_SeesOnlyCommittedRowsWithoutWaiting()
    {
        var seenDuringWrite = await Database.WriteAsync(
            async session =>
            {
                await session.ExecuteAsync("INSERT INTO idempotency_claims (scope, claim_key, claimed_at) VALUES ('s', 'k', @at)", new { at = DateTimeOffset.UnixEpoch });
                return await CountAsync("idempotency_claims").WaitAsync(Patience);
            },
            CancellationToken.None);

        Assert.Equal(0L, seenDuringWrite);
        Assert.Equal(1L, await CountAsync("idempotency_claims"));
    }

    [DatabaseFact]
    public async Task Timestamps_ReadAsScalarRowOrNull_SameInstantInUtcOnBothDialects()
    {
        var at = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(9_999_999);
        var expected = new DateTimeOffset(2024, 3, 1, 4, 59, 59, TimeSpan.Zero).AddTicks(9_999_990);
        await Database.WriteAsync(
            session => session.ExecuteAsync(
                "INSERT INTO console_messages (channel, body, posted_at, edited_at) VALUES ('ops', 'x', @at, @edited)",
                new { at, edited = (DateTimeOffset?)null }),
            CancellationToken.None);

        var (scalar, rows, edited) = await Database.ReadAsync(
            async session => (
                await session.ExecuteScalarAsync<DateTimeOffset>("SELECT posted_at FROM console_messages"),
                (await session.QueryAsync<DateTimeOffset>("SELECT posted_at FROM console_messages")).Single(),
                await session.ExecuteScalarAsync<DateTimeOffset?>("SELECT edited_at FROM console_messages")),
            CancellationToken.None);

        Assert.Equal((expected, TimeSpan.Zero), (scalar, scalar.Offset));
        Assert.Equal((expected, TimeSpan.Zero), (rows, rows.Offset));
        Assert.Null(edited);
    }

    [DatabaseFact]
    public async Task Timestamps_ComparedInSql_OrderByInstantNotByOffset()
    {
        // 09:00+02:00 (07:00Z) is earlier than 08:00Z, though its local clock reads later.
        var earlier = new DateTimeOffset(2025, 5, 5, 9, 0, 0, TimeSpan.FromHours(2));
        var later = new DateTimeOffset(2025, 5, 5, 8, 0, 0, TimeSpan.Zero);
        await Database.WriteAsync(
            session => session.ExecuteAsync(
                "INSERT INTO idempotency_claims (scope, claim_key, claimed_at) VALUES ('s', 'later', @later), ('s', 'earlier', @earlier)",
                new { later, earlier }),
            CancellationToken.None);

        var keys = await Database.ReadAsync(
            session => session.QueryAsync<string>(
                "SELECT claim_key FROM idempotency_claims WHERE claimed_at > @cutoff ORDER BY claimed_at",
                new { cutoff = earlier.AddTicks(-10) }),
            CancellationToken.None);

        Assert.Equal(["earlier", "later"], keys);
    }

    private Task<long> CountAsync(string table) =>
        Database.ReadAsync(session => session.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"), CancellationToken.None);
}

public sealed class SqliteBotDatabaseTests() : BotDatabaseTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresBotDatabaseTests(PostgresServer server) : BotDatabaseTests(server);
