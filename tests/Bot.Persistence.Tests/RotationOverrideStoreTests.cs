using Bot.Core.OnCall;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

public abstract class RotationOverrideStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 24, 17, 0, 0, TimeSpan.Zero);

    private SqlRotationOverrideStore Store => new(Database);

    private static RotationOverride Cover(string member, DateTimeOffset from, DateTimeOffset to, OnCallRole role = OnCallRole.Main, string rotation = "payments-primary") =>
        new(0, rotation, member, role, from, to, "lena", T0.AddDays(-1));

    [DatabaseFact]
    public async Task Add_ThenOverlapping_ReturnsItWithItsIdAndEveryField()
    {
        var added = await Store.AddAsync(Cover("kwame", T0, T0.AddDays(3), OnCallRole.Backup), CancellationToken.None);

        var found = Assert.Single(await Store.OverlappingAsync("payments-primary", T0.AddDays(1), T0.AddDays(2), CancellationToken.None));

        Assert.True(added.Id > 0);
        Assert.Equal(Cover("kwame", T0, T0.AddDays(3), OnCallRole.Backup) with { Id = added.Id }, found);
    }

    [DatabaseFact]
    public async Task Overlapping_OnlyOverridesOfTheRotationThatTouchTheRange_OldestFirst()
    {
        var before = await Store.AddAsync(Cover("ana", T0.AddDays(-5), T0), CancellationToken.None);
        var during = await Store.AddAsync(Cover("kwame", T0.AddHours(1), T0.AddHours(2)), CancellationToken.None);
        var spanning = await Store.AddAsync(Cover("mei", T0.AddDays(-1), T0.AddDays(1)), CancellationToken.None);
        await Store.AddAsync(Cover("mei", T0.AddHours(1), T0.AddHours(2), rotation: "checkout-primary"), CancellationToken.None);
        await Store.AddAsync(Cover("ana", T0.AddDays(1), T0.AddDays(2)), CancellationToken.None);

        var found = await Store.OverlappingAsync("payments-primary", T0, T0.AddDays(1), CancellationToken.None);

        Assert.Equal([during.Id, spanning.Id], found.Select(o => o.Id));
        Assert.DoesNotContain(before.Id, found.Select(o => o.Id));
    }

    [DatabaseFact]
    public async Task Cancel_RemovesItFromTheSchedule_AndASecondCancelChangesNothing()
    {
        var added = await Store.AddAsync(Cover("kwame", T0, T0.AddDays(1)), CancellationToken.None);

        Assert.True(await Store.CancelAsync(added.Id, "kwame", T0.AddMinutes(-5), CancellationToken.None));
        Assert.False(await Store.CancelAsync(added.Id, "kwame", T0.AddMinutes(-4), CancellationToken.None));
        Assert.Empty(await Store.OverlappingAsync("payments-primary", T0, T0.AddDays(1), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Add_EndingBeforeItStarts_IsRefusedAndNothingIsStored()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddAsync(Cover("kwame", T0, T0), CancellationToken.None));

        Assert.Empty(await Store.OverlappingAsync("payments-primary", T0.AddDays(-1), T0.AddDays(1), CancellationToken.None));
    }
}

public sealed class SqliteRotationOverrideStoreTests() : RotationOverrideStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresRotationOverrideStoreTests(PostgresServer server) : RotationOverrideStoreTests(server);
