using System;
using System.Threading;

namespace AsyncDemos;

/// <summary>
/// A clock that can let time pass while the calling thread is blocked. A virtual clock in tests implements it: a thread
/// that blocks for a second on a virtual clock would otherwise wait forever, because nothing else runs to advance it.
/// </summary>
internal interface IBlockingClock
{
    /// <summary>Moves the clock <paramref name="duration"/> forward, firing the timers that come due meanwhile.</summary>
    void PassWhileBlocked(TimeSpan duration, CancellationToken cancellationToken);
}

internal static class Clock
{
    /// <summary>
    /// Blocks the calling thread for <paramref name="duration"/> of <paramref name="time"/>: C#'s <c>time.sleep</c>, for
    /// synchronous code. Async code awaits <c>Task.Delay(duration, time, cancellationToken)</c> instead.
    /// </summary>
    public static void Block(TimeProvider time, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (time is IBlockingClock blockingClock)
        {
            blockingClock.PassWhileBlocked(duration, cancellationToken);
            return;
        }

        // Not disposed: the timer's callback may still be inside Set when Wait returns.
        var elapsed = new ManualResetEventSlim();
        using var timer = time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), elapsed, duration, Timeout.InfiniteTimeSpan);
        elapsed.Wait(cancellationToken);
    }
}
