// Mistake: an async generator tries to hand over to another generator by returning it, or by yielding it whole (Python's
// `yield from`, which an async generator cannot use either).
// Trips: CS1622, CS0029, CS0266
// Excluded from the build because it cannot compile; the fix yields each item of the other generator itself,
// `await foreach (var item in SlowTicksAsync(count).WithCancellation(cancellationToken)) { yield return item; }`, then
// `yield break;` where the return ended the ticker.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken.NonCompiling;

internal record Tick(int Number, DateTimeOffset At);

internal static class TickerHandingOver
{
    // Up to three ticks itself; for more, the slow ticker takes over.
    public static async IAsyncEnumerable<int> TicksAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (count > 3)
        {
            return SlowTicksAsync(count); // CS1622
        }

        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(500, cancellationToken);
            yield return i;
        }
    }

    // Two tickers, one after the other.
    public static async IAsyncEnumerable<int> TwoTickersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return TicksAsync(2, cancellationToken); // CS0029
        yield return SlowTicksAsync(2); // CS0029
    }

    // The ticks recorded earlier, then one stamped now.
    public static async IAsyncEnumerable<Tick> ReplayThenTickAsync(IAsyncEnumerable<Tick> recorded, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return recorded; // CS0266
        await Task.Delay(500, cancellationToken);
        yield return new Tick(0, DateTimeOffset.Now);
    }

    private static async IAsyncEnumerable<int> SlowTicksAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Delay(1000, cancellationToken);
            yield return i;
        }
    }
}
