// Mistake: a queue consumer waits for items with the blocking SemaphoreSlim.Wait inside a coroutine.
// Trips: ASYNC031
// A coroutine runs on its caller's thread until its first await, so the first consumer blocks the very thread that
// should go on to start the others and then produce: nothing moves until the consumers' one-second limit cancels them,
// and no item is consumed. With the fix (await WaitAsync, token passed on) each consumer hands the thread back while
// the queue is empty: all six items are consumed. Run: dotnet run --project samples/AsyncDemos.Broken -- queue-semaphore
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncDemos.Broken;

internal static class QueueConsumerWithSemaphoreWait
{
    public static async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var queue = new ConcurrentQueue<int>();
        using var available = new SemaphoreSlim(0);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // the consumers' time limit
        var consumed = 0;
        var consumers = Enumerable.Range(1, 3)
            .Select(n => ConsumeAsync(n, queue, available, () => Interlocked.Increment(ref consumed), cancellation.Token))
            .ToArray();
        Console.WriteLine($"consumers started after {clock.Elapsed.TotalSeconds:0.00} seconds.");
        for (var item = 1; item <= 6; item++)
        {
            queue.Enqueue(item);
            available.Release();
            await Task.Delay(50);
        }

        try
        {
            await Task.WhenAll(consumers);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"{consumed} of 6 items consumed; done after {clock.Elapsed.TotalSeconds:0.00} seconds.");
    }

    private static async Task ConsumeAsync(int consumer, ConcurrentQueue<int> queue, SemaphoreSlim available, Action onConsumed, CancellationToken cancellationToken)
    {
        while (true)
        {
            available.Wait(cancellationToken); // ASYNC031
            if (queue.TryDequeue(out var item))
            {
                Console.WriteLine($"consumer {consumer} got item {item}");
                onConsumed();
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
