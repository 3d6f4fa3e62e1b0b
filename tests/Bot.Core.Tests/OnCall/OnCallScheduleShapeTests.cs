using Bot.Core.Catalog;
using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>The book's Tables 7.3–7.6: who holds which role in shift n, including shifts before the start date.</summary>
public sealed class OnCallScheduleShapeTests
{
    [Theory]
    // Table 7.3: one person, fixed.
    [InlineData(RotationShape.OnePersonFixed, "a", 0, "a", "")]
    [InlineData(RotationShape.OnePersonFixed, "a", 5, "a", "")]
    [InlineData(RotationShape.OnePersonFixed, "a", -3, "a", "")]
    // Table 7.4: one person, rotating A, B, C, D.
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", 0, "a", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", 1, "b", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", 3, "d", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", 4, "a", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", -1, "d", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", -4, "a", "")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c,d", -5, "d", "")]
    [InlineData(RotationShape.OnePersonRotating, "a", 7, "a", "")]
    // Table 7.5: two people, main and backup swap.
    [InlineData(RotationShape.MainBackupSwap, "a,b", 0, "a", "b")]
    [InlineData(RotationShape.MainBackupSwap, "a,b", 1, "b", "a")]
    [InlineData(RotationShape.MainBackupSwap, "a,b", 2, "a", "b")]
    [InlineData(RotationShape.MainBackupSwap, "a,b", -1, "b", "a")]
    [InlineData(RotationShape.MainBackupSwap, "a,b", -2, "a", "b")]
    // Fewer people than the shape has roles: the roles that can be filled are.
    [InlineData(RotationShape.MainBackupSwap, "a", 1, "a", "")]
    // Table 7.6: main, backup 1, backup 2 round-robin.
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", 0, "a", "b,c")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", 1, "b", "c,a")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", 2, "c", "a,b")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", 3, "a", "b,c")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", -1, "c", "a,b")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", -2, "b", "c,a")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c,d", 2, "c", "d,a")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c,d", -1, "d", "a,b")]
    [InlineData(RotationShape.MainTwoBackups, "a,b", 1, "b", "a")]
    [InlineData(RotationShape.MainTwoBackups, "a", 1, "a", "")]
    public void ShiftByNumber_Shape_AssignsRolesInTurn(RotationShape shape, string participants, long number, string main, string backups)
    {
        var rotation = Create(shape: shape, participants: participants.Split(','));

        var shift = OnCallSchedule.ShiftByNumber(rotation, number);

        Assert.Equal(number, shift.Number);
        Assert.Equal(main, shift.Main);
        Assert.Equal(backups, string.Join(',', shift.Backups));
    }

    [Theory]
    [InlineData(RotationShape.OnePersonFixed, "a", "Main")]
    [InlineData(RotationShape.OnePersonRotating, "a,b,c", "Main")]
    [InlineData(RotationShape.MainBackupSwap, "a,b", "Main,Backup")]
    [InlineData(RotationShape.MainTwoBackups, "a,b,c", "Main,Backup,SecondBackup")]
    [InlineData(RotationShape.MainTwoBackups, "a,b", "Main,Backup")]
    public void Roles_Shape_ListsTheRolesItsShiftsHave(RotationShape shape, string participants, string roles)
    {
        var rotation = Create(shape: shape, participants: participants.Split(','));

        Assert.Equal(roles, string.Join(',', OnCallSchedule.Roles(rotation)));
    }

    /// <summary>Shapes through ShiftAt: a Berlin Monday 09:00 rotation from 2025-01-06, asked at instants around its handoffs.</summary>
    [Theory]
    [InlineData(RotationShape.OnePersonFixed, "2025-01-06T08:00Z", 0, "ana")]
    [InlineData(RotationShape.OnePersonFixed, "2024-06-01T00:00Z", -32, "ana")]
    [InlineData(RotationShape.OnePersonRotating, "2025-01-13T07:59:59Z", 0, "ana")]
    [InlineData(RotationShape.OnePersonRotating, "2025-01-13T08:00Z", 1, "kwame")]
    [InlineData(RotationShape.MainBackupSwap, "2025-01-20T08:00Z", 2, "ana")]
    [InlineData(RotationShape.MainTwoBackups, "2025-04-07T07:00Z", 13, "kwame")]
    [InlineData(RotationShape.MainTwoBackups, "2025-04-07T06:59:59Z", 12, "ana")]
    public void ShiftAt_Shape_NamesTheMainOfTheShiftContainingTheInstant(RotationShape shape, string at, long number, string main)
    {
        var participants = shape switch
        {
            RotationShape.OnePersonFixed => ["ana"],
            RotationShape.MainBackupSwap => ["ana", "kwame"],
            _ => new[] { "ana", "kwame", "mei" },
        };
        var rotation = Create(shape: shape, participants: participants);

        var shift = OnCallSchedule.ShiftAt(rotation, At(at));

        Assert.Equal((number, main), (shift.Number, shift.Main));
    }
}
