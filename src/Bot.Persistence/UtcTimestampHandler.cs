using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Bot.Persistence;

/// <summary>
/// Stores <see cref="DateTimeOffset"/> as UTC with microsecond precision, the same instant on both databases:
/// SQLite <c>INTEGER</c> unix microseconds (compact, sortable, indexable), PostgreSQL <c>timestamptz</c>.
/// Values read back are UTC (offset zero) and truncated to the microsecond.
/// </summary>
internal sealed class UtcTimestampHandler : SqlMapper.TypeHandler<DateTimeOffset>
{
    private static int _registered;

    /// <summary>Registers the handler with Dapper once per process (Dapper's handlers are global).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            // Dapper consults its built-in type map before handlers when it binds parameters; without these
            // removals it would pass DateTimeOffset through as-is (TEXT on SQLite, rejected offsets on PostgreSQL).
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
            SqlMapper.AddTypeHandler(new UtcTimestampHandler());
        }
    }

    /// <summary>Truncates first (towards the past, also before 1970) so both databases store the same microsecond.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (TruncateToMicroseconds(value).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        new(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
    {
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = ToUnixMicroseconds(value);
        }
        else
        {
            // Npgsql writes a DateTimeOffset with offset zero as timestamptz; it rejects other offsets.
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = TruncateToMicroseconds(value);
        }
    }

    public override DateTimeOffset Parse(object value) => value switch
    {
        long microseconds => FromUnixMicroseconds(microseconds),
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset instant => TruncateToMicroseconds(instant),
        _ => throw new DataException($"Cannot read a timestamp from a {value.GetType().Name}; SQLite stores unix microseconds, PostgreSQL timestamptz."),
    };
}
