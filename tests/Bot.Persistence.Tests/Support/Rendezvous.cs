namespace Bot.Persistence.Tests.Support;

/// <summary>Lets concurrent transactions meet at one point (each found nothing yet), so all go on to insert the same thing.</summary>
public sealed class Rendezvous(int parties, TimeSpan patience)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(patience);
    }
}
